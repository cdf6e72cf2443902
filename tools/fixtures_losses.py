"""cases_losses.json: poisson_nll_loss, gaussian_nll_loss, kl_div, binary_cross_entropy and
binary_cross_entropy_with_logits (spec section 4), every option and reduction, float32 and float64."""
import itertools

import torch
import torch.nn.functional as F

from fixtures_common import Suite

F32, F64 = torch.float32, torch.float64
DTYPES = ((F32, "f32"), (F64, "f64"))
REDUCTIONS = ("mean", "sum", "none")
LEGACY = [(sa, rd) for sa, rd in itertools.product((None, True, False), (None, True, False)) if not (sa is None and rd is None)]


def legacy_kw(sa, rd):
    kw = {}
    if sa is not None:
        kw["size_average"] = sa
    if rd is not None:
        kw["reduce"] = rd
    return kw


def case(s, cid, fn, tensors, grad_idx=(0, 1), dtypes=DTYPES, tol=None, **kw):
    """One case per dtype: float tensors (positional and keyword) are cast; positional ones listed in grad_idx
    are differentiable."""
    for dt, tag in dtypes:
        args = []
        for i, t in enumerate(tensors):
            if isinstance(t, torch.Tensor) and t.is_floating_point():
                t = t.detach().to(dt)
                if i in grad_idx:
                    t.requires_grad_(True)
            args.append(t)
        kwargs = {k: (v.detach().to(dt) if isinstance(v, torch.Tensor) and v.is_floating_point() else v) for k, v in kw.items()}
        s.add(f"{cid}_{tag}", fn, args, kwargs, tol=tol)


def err(s, cid, fn, tensors, spec=None, **kw):
    s.add(cid, fn, list(tensors), kw, expect_error=True, spec_error=spec)


def build():
    torch.manual_seed(1304)
    s = Suite("cases_losses.json")
    poisson(s)
    gaussian(s)
    kl_div(s)
    bce(s)
    bce_logits(s)
    return s


def poisson(s):
    fn = "poisson_nll_loss"
    x = torch.randn(4, 5)
    t = torch.poisson(torch.rand(4, 5) * 4)  # counts, including 0 and 1 (the Stirling mask)
    rate = torch.rand(4, 5) * 3
    rate[0, 0] = 0.0  # log(0 + eps)
    # With full=True, autograd of 1.13's masked Stirling term gives a NaN target gradient where the target is 0
    # (0 * log 0 in the backward of t*log(t)); those cases check the input gradient only, and
    # poisson_full_target_grad_* check the target gradient with positive targets.
    for r, full in itertools.product(REDUCTIONS, (False, True)):
        gi = (0,) if full else (0, 1)
        case(s, f"poisson_log_input_full{full}_{r}", fn, [x, t], grad_idx=gi, full=full, reduction=r)
        case(s, f"poisson_rate_full{full}_{r}", fn, [rate, t], grad_idx=gi, log_input=False, full=full, reduction=r)
        case(s, f"poisson_rate_eps_full{full}_{r}", fn, [rate, t], grad_idx=gi, log_input=False, full=full, eps=0.5, reduction=r)
    tpos = torch.tensor([[0.5, 1.0, 2.0, 3.5], [7.0, 1.5, 0.25, 12.0]])
    for r in REDUCTIONS:
        case(s, f"poisson_full_target_grad_log_input_{r}", fn, [torch.randn(2, 4), tpos], full=True, reduction=r)
        case(s, f"poisson_full_target_grad_rate_{r}", fn, [torch.rand(2, 4) + 0.2, tpos], log_input=False, full=True, reduction=r)
    case(s, "poisson_default", fn, [x, t])
    case(s, "poisson_positional_flags", fn, [x, t, True, True], grad_idx=(0,))
    case(s, "poisson_float_targets", fn, [torch.randn(3, 4), torch.rand(3, 4) * 5 + 0.01], full=True)
    case(s, "poisson_1d", fn, [torch.randn(7), torch.poisson(torch.rand(7) * 3)], reduction="sum")
    case(s, "poisson_0dim", fn, [torch.tensor(0.3), torch.tensor(2.0)], full=True)
    case(s, "poisson_3d_rate", fn, [torch.rand(2, 3, 4) + 0.1, torch.poisson(torch.rand(2, 3, 4) * 6)], grad_idx=(0,), log_input=False,
         full=True)
    case(s, "poisson_broadcast_target", fn, [torch.randn(3, 2), torch.rand(3, 1) * 3], reduction="none")
    case(s, "poisson_empty_mean", fn, [torch.randn(0, 3), torch.rand(0, 3)])
    case(s, "poisson_empty_sum", fn, [torch.randn(0, 3), torch.rand(0, 3)], reduction="sum")
    for sa, rd in LEGACY:
        case(s, f"poisson_legacy_sa{sa}_reduce{rd}", fn, [x, t], **legacy_kw(sa, rd))
    for bad in ("avg", "batchmean", "elementwise_mean"):
        err(s, f"poisson_err_reduction_{bad}", fn, [x, t], reduction=bad, spec=("ValueError", f"{bad} is not valid"))
    err(s, "poisson_err_shape", fn, [torch.rand(3, 2), torch.rand(2, 2)])


def gaussian(s):
    fn = "gaussian_nll_loss"
    x = torch.randn(4, 3)
    y = torch.randn(4, 3)
    v = torch.rand(4, 3) + 0.1
    for r, full in itertools.product(REDUCTIONS, (False, True)):
        case(s, f"gaussian_full{full}_{r}", fn, [x, y, v], grad_idx=(0, 1, 2), full=full, reduction=r)
        case(s, f"gaussian_homoscedastic_full{full}_{r}", fn, [x, y, torch.rand(4) + 0.1], grad_idx=(0, 1, 2), full=full, reduction=r)
        case(s, f"gaussian_last_dim1_full{full}_{r}", fn, [x, y, torch.rand(4, 1) + 0.1], grad_idx=(0, 1, 2), full=full, reduction=r)
    vsmall = v.clone()
    vsmall[0, 0] = 0.0
    vsmall[1, 2] = 1e-9
    vsmall[2, 1] = 1e-7
    for r in REDUCTIONS:
        case(s, f"gaussian_var_clamped_{r}", fn, [x, y, vsmall], grad_idx=(0, 1, 2), reduction=r)
        case(s, f"gaussian_var_clamped_eps0.2_{r}", fn, [x, y, v], grad_idx=(0, 1, 2), eps=0.2, reduction=r)
    case(s, "gaussian_default", fn, [x, y, v], grad_idx=(0, 1, 2))
    case(s, "gaussian_positional_full", fn, [x, y, v, True], grad_idx=(0, 1, 2))
    case(s, "gaussian_3d_homoscedastic", fn, [torch.randn(2, 3, 4), torch.randn(2, 3, 4), torch.rand(2, 3) + 0.5], grad_idx=(0, 1, 2),
         reduction="none")
    case(s, "gaussian_3d_last_dim1", fn, [torch.randn(2, 3, 4), torch.randn(2, 3, 4), torch.rand(2, 3, 1) + 0.5], grad_idx=(0, 1, 2))
    case(s, "gaussian_1d", fn, [torch.randn(5), torch.randn(5), torch.rand(5) + 0.2], grad_idx=(0, 1, 2), full=True)
    case(s, "gaussian_1d_scalar_var", fn, [torch.randn(5), torch.randn(5), torch.rand(1) + 0.2], grad_idx=(0, 1, 2), reduction="none")
    case(s, "gaussian_target_broadcast", fn, [x, torch.randn(1, 3), v], grad_idx=(0, 1, 2), reduction="none")
    case(s, "gaussian_empty_mean", fn, [torch.randn(0, 3), torch.randn(0, 3), torch.rand(0, 3)], grad_idx=(0, 1, 2))
    case(s, "gaussian_zero_var_eps", fn, [x, y, torch.zeros(4, 3)], grad_idx=(0, 1), eps=1e-3)
    err(s, "gaussian_err_var_size", fn, [x, y, torch.rand(4, 4)], spec=("ValueError", "var is of incorrect size"))
    err(s, "gaussian_err_var_size_first_dim", fn, [x, y, torch.rand(1, 3)], spec=("ValueError", "var is of incorrect size"))
    err(s, "gaussian_err_var_size_rank3_unit_dim", fn, [torch.randn(3, 4, 2), torch.randn(3, 4, 2), torch.rand(1, 4, 2)],
        spec=("ValueError", "var is of incorrect size"))
    err(s, "gaussian_err_var_size_short", fn, [x, y, torch.rand(3)], spec=("ValueError", "var is of incorrect size"))
    err(s, "gaussian_err_negative_var", fn, [x, y, v - 0.5], spec=("ValueError", "var has negative entry/entries"))
    err(s, "gaussian_err_negative_var_homoscedastic", fn, [x, y, -torch.rand(4)], spec=("ValueError", "var has negative entry/entries"))
    for bad in ("avg", "batchmean"):
        err(s, f"gaussian_err_reduction_{bad}", fn, [x, y, v], reduction=bad, spec=("ValueError", f"{bad} is not valid"))
    # 1.13 order: var size, then reduction, then the sign of var
    err(s, "gaussian_err_reduction_before_negative_var", fn, [x, y, -v], reduction="avg", spec=("ValueError", "avg is not valid"))
    err(s, "gaussian_err_size_before_reduction", fn, [x, y, torch.rand(4, 4)], reduction="avg", spec=("ValueError", "var is of incorrect size"))


def kl_div(s):
    fn = "kl_div"
    x = F.log_softmax(torch.randn(4, 5), 1)
    p = F.softmax(torch.randn(4, 5), 1)
    lp = F.log_softmax(torch.randn(4, 5), 1)
    for r in REDUCTIONS + ("batchmean",):
        case(s, f"kl_div_{r}", fn, [x, p], reduction=r)
        case(s, f"kl_div_log_target_{r}", fn, [x, lp], reduction=r, log_target=True)
        case(s, f"kl_div_3d_{r}", fn, [F.log_softmax(torch.randn(2, 3, 4), 1), F.softmax(torch.randn(2, 3, 4), 1)], reduction=r)
        case(s, f"kl_div_0dim_{r}", fn, [torch.tensor(-0.7), torch.tensor(0.4)], reduction=r)
        case(s, f"kl_div_0dim_log_target_{r}", fn, [torch.tensor(-0.7), torch.tensor(-1.2)], reduction=r, log_target=True)
        case(s, f"kl_div_1d_{r}", fn, [F.log_softmax(torch.randn(6), 0), F.softmax(torch.randn(6), 0)], reduction=r)
        case(s, f"kl_div_broadcast_{r}", fn, [x, F.softmax(torch.randn(5), 0)], reduction=r)
        pz = p.clone()
        pz[0, 1] = 0.0
        pz[2, 3] = 0.0
        case(s, f"kl_div_zero_target_{r}", fn, [x, pz], grad_idx=(0,), reduction=r)
        case(s, f"kl_div_unnormalised_{r}", fn, [torch.randn(3, 4), torch.rand(3, 4) * 2], reduction=r)
    case(s, "kl_div_default", fn, [x, p])
    case(s, "kl_div_empty_batchmean", fn, [torch.randn(0, 3), torch.rand(0, 3)], reduction="batchmean")
    case(s, "kl_div_empty_mean", fn, [torch.randn(0, 3), torch.rand(0, 3)])
    for sa, rd in LEGACY:
        case(s, f"kl_div_legacy_sa{sa}_reduce{rd}", fn, [x, p], **legacy_kw(sa, rd))
        case(s, f"kl_div_legacy_sa{sa}_reduce{rd}_log_target", fn, [x, lp], log_target=True, **legacy_kw(sa, rd))
    case(s, "kl_div_legacy_overrides_batchmean", fn, [x, p], size_average=False, reduction="batchmean")
    case(s, "kl_div_elementwise_mean", fn, [x, p], reduction="elementwise_mean")
    for bad in ("avg", "BatchMean"):
        err(s, f"kl_div_err_reduction_{bad}", fn, [x, p], reduction=bad, spec=("ValueError", f"{bad} is not a valid value for reduction"))
    err(s, "kl_div_err_integer_input", fn, [torch.tensor([[1, 2]]), torch.rand(1, 2)], spec=("RuntimeError", "kl_div: Integral inputs not supported."))
    err(s, "kl_div_err_integer_target", fn, [torch.rand(1, 2), torch.tensor([[1, 2]])], spec=("RuntimeError", "kl_div: Integral inputs not supported."))
    err(s, "kl_div_err_shape", fn, [torch.rand(3, 2), torch.rand(2, 2)])


def bce(s):
    fn = "binary_cross_entropy"
    x = torch.rand(4, 3) * 0.98 + 0.01
    t = torch.rand(4, 3)
    tb = torch.randint(0, 2, (4, 3)).float()
    w_class = torch.rand(3)
    w_full = torch.rand(4, 3)
    w_row = torch.rand(4, 1)
    for r in REDUCTIONS:
        case(s, f"bce_{r}", fn, [x, t], reduction=r)
        case(s, f"bce_binary_targets_{r}", fn, [x, tb], reduction=r)
        case(s, f"bce_weight_full_{r}", fn, [x, t], weight=w_full, reduction=r)
        case(s, f"bce_weight_class_{r}", fn, [x, t], weight=w_class, reduction=r)
        case(s, f"bce_weight_row_{r}", fn, [x, t], weight=w_row, reduction=r)
        case(s, f"bce_1d_{r}", fn, [torch.rand(6) * 0.9 + 0.05, torch.rand(6)], reduction=r)
        case(s, f"bce_3d_weight_{r}", fn, [torch.rand(2, 3, 2) * 0.9 + 0.05, torch.rand(2, 3, 2)], weight=torch.rand(3, 1), reduction=r)
        case(s, f"bce_0dim_{r}", fn, [torch.tensor(0.3), torch.tensor(0.8)], reduction=r)
        # log clamped at -100: inputs exactly 0 and 1 give 100, not inf (gradients are not checked: 1.13 gives +-1e12
        # for the input through its 1e-12 clamp and +-inf for the target)
        case(s, f"bce_clamp_0_1_{r}", fn, [torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5, 1e-30]), torch.tensor([1.0, 0.0, 0.0, 1.0, 0.3, 1.0])],
             grad_idx=(), reduction=r)
        case(s, f"bce_clamp_0_1_weight_{r}", fn, [torch.tensor([[0.0, 1.0], [0.25, 1.0]]), torch.tensor([[1.0, 0.0], [0.5, 0.2]])],
             grad_idx=(), weight=torch.tensor([0.5, 2.0]), reduction=r)
    # gradients at the clamp, as 1.13 computes them: input grad (x - t) / max(x (1 - x), 1e-12), target grad log(1-x) - log(x)
    case(s, "bce_clamp_input_grad", fn, [torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), torch.tensor([1.0, 0.0, 0.0, 1.0, 0.3])],
         grad_idx=(0,), reduction="none")
    case(s, "bce_default", fn, [x, t])
    case(s, "bce_empty_mean", fn, [torch.rand(0, 2), torch.rand(0, 2)])
    for sa, rd in LEGACY:
        case(s, f"bce_legacy_sa{sa}_reduce{rd}", fn, [x, t], weight=w_class, **legacy_kw(sa, rd))
    case(s, "bce_elementwise_mean", fn, [x, t], reduction="elementwise_mean")
    err(s, "bce_err_target_size", fn, [torch.rand(2), torch.rand(3)],
        spec=("ValueError", "Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2])) is deprecated. "
                            "Please ensure they have the same size."))
    err(s, "bce_err_target_size_2d", fn, [torch.rand(2, 3), torch.rand(2, 1)])
    err(s, "bce_err_target_size_0dim", fn, [torch.rand(1), torch.tensor(0.5)])
    err(s, "bce_err_input_above_1", fn, [torch.tensor([1.5, 0.2]), torch.rand(2)], spec=("RuntimeError", "all elements of input should be between 0 and 1"))
    err(s, "bce_err_input_negative", fn, [torch.tensor([0.2, -0.5]), torch.rand(2)], spec=("RuntimeError", "all elements of input should be between 0 and 1"))
    err(s, "bce_err_input_nan", fn, [torch.tensor([float("nan"), 0.2]), torch.rand(2)], spec=("RuntimeError", "all elements of input should be between 0 and 1"))
    err(s, "bce_err_input_range_none", fn, [torch.tensor([[0.2, 1.01]]), torch.rand(1, 2)], reduction="none",
        spec=("RuntimeError", "all elements of input should be between 0 and 1"))
    err(s, "bce_err_weight_broadcast", fn, [torch.rand(2, 3), torch.rand(2, 3)], weight=torch.rand(4),
        spec=("RuntimeError", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    err(s, "bce_err_weight_broadcast_2d", fn, [torch.rand(2, 3), torch.rand(2, 3)], weight=torch.rand(2, 4),
        spec=("RuntimeError", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    err(s, "bce_err_weight_broadcast_rows", fn, [torch.rand(2, 3), torch.rand(2, 3)], weight=torch.rand(3, 1),
        spec=("RuntimeError", "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"))
    err(s, "bce_err_integer_target", fn, [torch.rand(2, 3), torch.ones(2, 3, dtype=torch.long)],
        spec=("RuntimeError", "Found dtype Long but expected Float"))
    err(s, "bce_err_double_target", fn, [torch.rand(2, 3), torch.rand(2, 3, dtype=F64)])
    for bad in ("avg", "batchmean"):
        err(s, f"bce_err_reduction_{bad}", fn, [x, t], reduction=bad, spec=("ValueError", f"{bad} is not a valid value for reduction"))


def bce_logits(s):
    fn = "binary_cross_entropy_with_logits"
    x = torch.randn(4, 3) * 2
    t = torch.rand(4, 3)
    tb = torch.randint(0, 2, (4, 3)).float()
    pw = torch.rand(3) * 3
    w_class = torch.rand(3)
    w_row = torch.rand(4, 1)
    huge = torch.tensor([[1000.0, -1000.0, 999.0], [-1000.0, 1000.0, 0.0]])
    huge_t = torch.tensor([[1.0, 0.0, 0.5], [1.0, 0.0, 0.3]])
    for r in REDUCTIONS:
        case(s, f"bcel_{r}", fn, [x, t], reduction=r)
        case(s, f"bcel_binary_targets_{r}", fn, [x, tb], reduction=r)
        case(s, f"bcel_pos_weight_{r}", fn, [x, t], pos_weight=pw, reduction=r)
        case(s, f"bcel_weight_class_{r}", fn, [x, t], weight=w_class, reduction=r)
        case(s, f"bcel_weight_row_pos_weight_{r}", fn, [x, t], weight=w_row, pos_weight=pw, reduction=r)
        case(s, f"bcel_weight_full_pos_weight_full_{r}", fn, [x, t], weight=torch.rand(4, 3), pos_weight=torch.rand(4, 3) * 2, reduction=r)
        case(s, f"bcel_huge_{r}", fn, [huge, huge_t], reduction=r)
        case(s, f"bcel_huge_pos_weight_{r}", fn, [huge, huge_t], pos_weight=torch.tensor([2.0, 0.5, 1.5]), reduction=r)
        case(s, f"bcel_1d_{r}", fn, [torch.randn(6), torch.rand(6)], pos_weight=torch.rand(6), reduction=r)
        case(s, f"bcel_3d_{r}", fn, [torch.randn(2, 3, 2), torch.rand(2, 3, 2)], pos_weight=torch.rand(2), weight=torch.rand(3, 1), reduction=r)
        case(s, f"bcel_0dim_{r}", fn, [torch.tensor(-0.4), torch.tensor(0.8)], reduction=r)
        case(s, f"bcel_pos_weight_scalar_{r}", fn, [x, t], pos_weight=torch.tensor([2.5]), reduction=r)
    case(s, "bcel_default", fn, [x, t])
    case(s, "bcel_empty_mean", fn, [torch.randn(0, 2), torch.rand(0, 2)])
    for sa, rd in LEGACY:
        case(s, f"bcel_legacy_sa{sa}_reduce{rd}", fn, [x, t], pos_weight=pw, **legacy_kw(sa, rd))
    case(s, "bcel_elementwise_mean", fn, [x, t], reduction="elementwise_mean")
    err(s, "bcel_err_target_size", fn, [torch.rand(2), torch.rand(3)],
        spec=("ValueError", "Target size (torch.Size([3])) must be the same as input size (torch.Size([2]))"))
    err(s, "bcel_err_target_size_2d", fn, [torch.rand(2, 3), torch.rand(3, 2)])
    err(s, "bcel_err_pos_weight_broadcast", fn, [torch.rand(2, 3), torch.rand(2, 3)], pos_weight=torch.rand(4),
        spec=("RuntimeError", "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1"))
    err(s, "bcel_err_weight_broadcast", fn, [torch.rand(2, 3), torch.rand(2, 3)], weight=torch.rand(4),
        spec=("RuntimeError", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    err(s, "bcel_err_integer_target", fn, [torch.rand(2, 3), torch.ones(2, 3, dtype=torch.long)])
    for bad in ("avg", "batchmean"):
        err(s, f"bcel_err_reduction_{bad}", fn, [x, t], reduction=bad, spec=("ValueError", f"{bad} is not a valid value for reduction"))
