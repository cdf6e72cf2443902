"""cases_cross_entropy.json: F.cross_entropy (spec section 3, section 5 B/C/D/E/F and the section 2 rows)."""
import itertools

import torch
import torch.nn.functional as F

from fixtures_common import Suite, rg, targets

F32, F64 = torch.float32, torch.float64
DTYPES = ((F32, "f32"), (F64, "f64"))
REDUCTIONS = ("mean", "sum", "none")


def _cast(v, dt):
    if isinstance(v, torch.Tensor) and v.is_floating_point():
        return v.detach().to(dt)
    return v


def ce(s, cid, x, t, dtypes=None, grad=True, target_grad=None, tol=None, **kw):
    """One cross_entropy case per dtype (float64 too unless the input is big, to keep the files small).
    Probability targets (float) follow the input's dtype and are differentiable unless target_grad=False;
    index targets stay int64."""
    if dtypes is None:
        dtypes = DTYPES if x.numel() <= 200 else DTYPES[:1]
    for dt, tag in dtypes:
        xx = x.detach().to(dt)
        if grad:
            xx.requires_grad_(True)
        tt = t
        if t.is_floating_point():
            tt = t.detach().to(dt)
            if target_grad if target_grad is not None else grad:
                tt.requires_grad_(True)
        s.add(f"{cid}_{tag}", "cross_entropy", [xx, tt], {k: _cast(v, dt) for k, v in kw.items()}, tol=tol, grads=grad)


def ce_all_red(s, cid, x, t, dtypes=None, **kw):
    for r in REDUCTIONS:
        ce(s, f"{cid}_{r}", x, t, dtypes, reduction=r, **kw)


def ce_err(s, cid, x, t, spec=None, **kw):
    s.add(cid, "cross_entropy", [x, t], kw, expect_error=True, spec_error=spec)


def prob_target(*shape, dim=1):
    return F.softmax(torch.randn(*shape), dim if len(shape) > 1 else 0)


def build():
    torch.manual_seed(1303)
    s = Suite("cases_cross_entropy.json")

    # --- spec 5 B: OpInfo sample_inputs_cross_entropy ---------------------------------------------------
    for shape in ((2, 3), (2, 3, 1), (2, 3, 1, 2), (2, 3, 1, 2, 3)):
        name = "x".join(map(str, shape))
        tshape = (shape[0],) + shape[2:]
        variants = [("default", {})] + [(r, {"reduction": r}) for r in REDUCTIONS]
        variants += [(f"weight_{r}", {"reduction": r, "weight": torch.randn(3)}) for r in REDUCTIONS]
        x = torch.randn(*shape)
        for vname, kw in variants:
            ce(s, f"opinfo_{name}_index_{vname}", x, targets(3, *tshape), **kw)
            ce(s, f"opinfo_{name}_prob_{vname}", x, prob_target(*shape), **kw)
        t = targets(3, *tshape)
        if bool((t == 1).all()):
            t.reshape(-1)[0] = 0
        ce(s, f"opinfo_{name}_index_ii1", x, t, ignore_index=1)

    # --- spec 5 C: common_nn criterion_tests (CrossEntropyLoss), mean and sum ---------------------------
    for r in ("mean", "sum"):
        x = torch.randn(15, 10)
        t = targets(10, 15)
        ce(s, f"crit_15x10_{r}", x, t, reduction=r)
        ce(s, f"crit_15x10_weights_{r}", x, t, reduction=r, weight=torch.rand(10))
        ce(s, f"crit_2d_{r}", torch.randn(2, 3, 5, 5), targets(3, 2, 5, 5), reduction=r)
        ce(s, f"crit_2d_weights_{r}", torch.randn(2, 3, 5, 5), targets(3, 2, 5, 5), reduction=r, weight=torch.rand(3))
        ce(s, f"crit_2d_ii1_{r}", torch.randn(2, 3, 5, 5), targets(3, 2, 5, 5), reduction=r, ignore_index=1)
        ce(s, f"crit_higher_dim_{r}", torch.randn(2, 3, 5, 5, 2, 2), targets(3, 2, 5, 5, 2, 2), reduction=r)
        ce(s, f"crit_dim_is_3_{r}", torch.randn(2, 3, 5), targets(3, 2, 5), reduction=r)
        for pname, pshape in (("2d", (5, 3)), ("3d", (5, 3, 4)), ("4d", (5, 3, 4, 2))):
            ce(s, f"crit_{pname}_prob_target_{r}", torch.randn(*pshape), prob_target(*pshape), reduction=r)
            ce(s, f"crit_{pname}_prob_target_weights_{r}", torch.randn(*pshape), prob_target(*pshape), reduction=r,
               weight=torch.rand(3))
    ls = 0.15
    for pname, pshape in (("2d", (5, 3)), ("3d", (5, 3, 4))):
        for r in ("mean", "sum"):
            ce(s, f"crit_{pname}_prob_target_smoothing_{r}", torch.randn(*pshape), prob_target(*pshape), reduction=r, label_smoothing=ls)
    ce(s, "crit_2d_prob_target_smoothing_weight", torch.randn(5, 3), prob_target(5, 3), label_smoothing=ls, weight=torch.rand(3).abs())
    x = torch.randn(2, 3, 5)
    t = targets(3, 2, 5)
    ce(s, "crit_2d_indices_target_smoothing", x, t, label_smoothing=ls)
    ce(s, "crit_2d_indices_target_smoothing_ii1", x, t, label_smoothing=ls, ignore_index=1)
    ce(s, "crit_2d_indices_target_smoothing_sum", x, t, label_smoothing=ls, reduction="sum")
    ce(s, "crit_2d_indices_target_smoothing_sum_ii1", x, t, label_smoothing=ls, reduction="sum", ignore_index=1)
    x = torch.randn(15, 10)
    t = targets(10, 15)
    ce(s, "crit_15x10_smoothing", x, t, label_smoothing=ls)
    ce(s, "crit_15x10_smoothing_sum", x, t, label_smoothing=ls, reduction="sum")
    ce(s, "crit_15x10_smoothing_ii3", x, t, label_smoothing=ls, ignore_index=3)
    ce(s, "crit_15x10_smoothing_weight", x, t, label_smoothing=ls, weight=torch.rand(10).abs())

    # --- spec 5 D: common_modules module_inputs_torch_nn_CrossEntropyLoss -------------------------------
    for r in REDUCTIONS:
        cases = [("plain", {}), ("weights", {"weight": torch.randn(3)}), ("ii1", {"ignore_index": 1}),
                 ("ls", {"label_smoothing": 0.15}), ("ii1_ls", {"ignore_index": 1, "label_smoothing": 0.15})]
        for cname, kw in cases:
            for shape in ((2, 3, 5, 5), (2, 3, 5), (2, 3), (2, 3, 5, 5, 2, 2)):
                name = "x".join(map(str, shape))
                ce(s, f"module_{r}_{cname}_index_{name}", torch.randn(*shape), targets(3, shape[0], *shape[2:]), reduction=r, **kw)
            if "ignore_index" not in kw:
                for shape in ((5, 3, 4, 2), (5, 3, 4), (5, 3), (2, 3, 5, 5, 2, 2)):
                    name = "x".join(map(str, shape))
                    ce(s, f"module_{r}_{cname}_prob_{name}", torch.randn(*shape), prob_target(*shape), reduction=r, **kw)
                ce(s, f"module_{r}_{cname}_no_batch_dim_index", torch.randn(3), torch.tensor(1), reduction=r, **kw)
                ce(s, f"module_{r}_{cname}_no_batch_dim_prob", torch.randn(3), prob_target(3), reduction=r, **kw)

    # --- spec 5 E: TestNNDeviceType cross entropy tests -------------------------------------------------
    N, C = 5, 4
    for k in range(5):
        other = (2,) * k
        shape = (N, C) + other
        x = torch.randn(*shape)
        tp = prob_target(*shape)
        w = torch.randn(C).abs()
        for r in REDUCTIONS:
            ce(s, f"prob_target_all_reductions_k{k}_{r}", x, tp, reduction=r, weight=w)
            ce(s, f"prob_target_unit_weights_k{k}_{r}", x, tp, reduction=r, weight=torch.ones(C))
            ti = targets(C, N, *other)
            ce(s, f"index_target_unit_weights_k{k}_{r}", x, ti, reduction=r, weight=torch.ones(C))
            onehot = F.one_hot(ti, C).movedim(-1, 1).float()
            ce(s, f"one_hot_index_k{k}_{r}", x, ti, reduction=r)
            ce(s, f"one_hot_prob_k{k}_{r}", x, onehot, reduction=r)
            ce(s, f"one_hot_index_weight_k{k}_{r}", x, ti, reduction=r, weight=w)
            ce(s, f"one_hot_prob_weight_k{k}_{r}", x, onehot, reduction=r, weight=w)
    for weighted, r in itertools.product((False, True), REDUCTIONS):
        kw = {"weight": torch.rand(5)} if weighted else {}
        ce(s, f"prob_target_no_batch_dim{'_weight' if weighted else ''}_{r}", torch.randn(5), prob_target(5), reduction=r, **kw)
    # label smoothing: index and probability targets agree (except weighted mean)
    C = 4
    for k, lsv, r in itertools.product(range(5), (0.05, 0.15), REDUCTIONS):
        other = (2,) * k
        N = 10 if k < 3 else 3
        x = torch.randn(N, C, *other)
        ti = targets(C, N, *other)
        onehot = F.one_hot(ti, C).movedim(-1, 1).float()
        ce(s, f"ls_consistent_k{k}_ls{lsv}_{r}_index", x, ti, reduction=r, label_smoothing=lsv)
        ce(s, f"ls_consistent_k{k}_ls{lsv}_{r}_prob", x, onehot, reduction=r, label_smoothing=lsv)
        tp = prob_target(N, C, *other)
        ce(s, f"ls_with_probs_k{k}_ls{lsv}_{r}", x, tp, reduction=r, label_smoothing=lsv)
        ce(s, f"ls_with_probs_k{k}_ls{lsv}_{r}_presmoothed", x, tp * (1 - lsv) + lsv / C, reduction=r)
    # label_smoothing_weight_ignore_indices (exact inputs from test_nn.py)
    wgt = torch.tensor([0.3, 0.6])
    inp1 = torch.tensor([[0.3, 0.4], [1.0, 2.0]])
    inp2 = torch.tensor([[0.3, 0.6], [1.0, 2.0]])
    tdef, tneg, tpos = torch.tensor([-100, 1]), torch.tensor([-2, 1]), torch.tensor([2, 1])
    for r, lsv, weighted in itertools.product(REDUCTIONS, (0.05, 0.15), (False, True)):
        base = f"ls_weight_ignore_{r}_ls{lsv}{'_w' if weighted else ''}"
        kw = {"reduction": r, "label_smoothing": lsv}
        if weighted:
            kw["weight"] = wgt
        for tname, t, ii in (("default", tdef, None), ("neg", tneg, -2), ("pos", tpos, 2)):
            kk = dict(kw)
            if ii is not None:
                kk["ignore_index"] = ii
            ce(s, f"{base}_{tname}_inp1", inp1, t, **kk)
            ce(s, f"{base}_{tname}_inp2", inp2, t, **kk)
            if r != "none":
                ce(s, f"{base}_{tname}_inp2_row1", inp2[1:], t[1:], **kk)
        ce(s, f"{base}_no_smoothing", inp1, tdef, **{k: v for k, v in kw.items() if k != "label_smoothing"})

    # --- label smoothing, more: weight x ignore_index x reduction, ls = 1, ls <= 0 --------------------
    x = torch.randn(6, 5)
    t = torch.tensor([0, 4, -100, 2, 2, 1])
    w = torch.rand(5) + 0.1
    for lsv, r in itertools.product((0.1, 0.5, 1.0), REDUCTIONS):
        ce(s, f"ls{lsv}_index_{r}", x, t, reduction=r, label_smoothing=lsv)
        ce(s, f"ls{lsv}_index_weight_{r}", x, t, reduction=r, label_smoothing=lsv, weight=w)
        ce(s, f"ls{lsv}_index_weight_ii2_{r}", x, t.clamp(min=0), reduction=r, label_smoothing=lsv, weight=w, ignore_index=2)
        ce(s, f"ls{lsv}_prob_{r}", x, prob_target(6, 5), reduction=r, label_smoothing=lsv)
        ce(s, f"ls{lsv}_prob_weight_{r}", x, prob_target(6, 5), reduction=r, label_smoothing=lsv, weight=w)
        ce(s, f"ls{lsv}_kdim_weight_ii_{r}", torch.randn(2, 5, 3, 2), torch.tensor([[[0, 4], [-100, 2], [3, 1]], [[2, 2], [0, -100], [1, 4]]]),
           reduction=r, label_smoothing=lsv, weight=w)
        ce(s, f"ls{lsv}_unbatched_{r}", torch.randn(5), torch.tensor(3), reduction=r, label_smoothing=lsv, weight=w)
        ce(s, f"ls{lsv}_unbatched_ignored_{r}", torch.randn(5), torch.tensor(3), reduction=r, label_smoothing=lsv, ignore_index=3)
        ce(s, f"ls{lsv}_all_ignored_{r}", torch.randn(3, 5), torch.tensor([1, 1, 1]), reduction=r, label_smoothing=lsv, ignore_index=1)
        ce(s, f"ls{lsv}_all_ignored_weight_{r}", torch.randn(3, 5), torch.tensor([-100, -100, -100]), reduction=r, label_smoothing=lsv,
           weight=w)
    for lsv in (0.0, -0.5):
        for r in REDUCTIONS:
            ce(s, f"ls_nonpositive{lsv}_index_{r}", x, t, reduction=r, label_smoothing=lsv)
            ce(s, f"ls_nonpositive{lsv}_prob_{r}", x, prob_target(6, 5), reduction=r, label_smoothing=lsv)

    # --- index targets: ignore_index variants, unbatched, every reduction ------------------------------
    x = torch.randn(8, 5)
    t = targets(5, 8)
    w = torch.rand(5)
    t_neg = t.clone(); t_neg[[2, 5]] = -1
    t_big = t.clone(); t_big[[0, 6]] = 255
    for r in REDUCTIONS:
        ce(s, f"index_ii_neg1_{r}", x, t_neg, reduction=r, ignore_index=-1)
        ce(s, f"index_ii_neg1_weight_{r}", x, t_neg, reduction=r, ignore_index=-1, weight=w)
        ce(s, f"index_ii255_{r}", x, t_big, reduction=r, ignore_index=255)
        ce(s, f"index_ii_in_range_weight_{r}", x, t, reduction=r, ignore_index=int(t[1]), weight=w)
        ce(s, f"index_all_ignored_{r}", x, torch.full((8,), -100), reduction=r)
        ce(s, f"index_all_ignored_weight_{r}", x, torch.full((8,), 3), reduction=r, ignore_index=3, weight=w)
        ce(s, f"index_weight_zero_{r}", x, t, reduction=r, weight=torch.zeros(5))
        ce(s, f"unbatched_index_{r}", torch.randn(5), torch.tensor(2), reduction=r)
        ce(s, f"unbatched_index_weight_{r}", torch.randn(5), torch.tensor(4), reduction=r, weight=w)
        ce(s, f"unbatched_index_ignored_{r}", torch.randn(5), torch.tensor(-100), reduction=r)
        ce(s, f"unbatched_prob_weight_ls_{r}", torch.randn(5), prob_target(5), reduction=r, weight=w, label_smoothing=0.2)
        ce(s, f"prob_ignore_index_negative_ok_{r}", x, prob_target(8, 5), reduction=r, ignore_index=-5)
        ce(s, f"prob_unnormalized_{r}", x, torch.rand(8, 5) * 3 - 1, reduction=r)
        ce(s, f"index_c1_{r}", torch.randn(4, 1), torch.zeros(4, dtype=torch.long), reduction=r)

    # --- legacy size_average / reduce and 'elementwise_mean' -------------------------------------------
    x = torch.randn(5, 4)
    t = targets(4, 5)
    for sa, rd in itertools.product((None, True, False), (None, True, False)):
        if sa is None and rd is None:
            continue
        kw = {}
        if sa is not None:
            kw["size_average"] = sa
        if rd is not None:
            kw["reduce"] = rd
        ce(s, f"legacy_sa{sa}_reduce{rd}_index", x, t, **kw)
        ce(s, f"legacy_sa{sa}_reduce{rd}_prob", x, prob_target(5, 4), **kw)
    ce(s, "elementwise_mean_index", x, t, reduction="elementwise_mean")
    ce(s, "elementwise_mean_prob_ls", x, prob_target(5, 4), reduction="elementwise_mean", label_smoothing=0.1)

    # --- huge / non-finite logits --------------------------------------------------------------------
    inf = float("inf")
    for scale, tag in ((1e4, "1e4"), (1e16, "1e16")):
        xh = torch.randn(4, 5) * scale
        for r in REDUCTIONS:
            ce(s, f"huge_{tag}_index_{r}", xh, targets(5, 4), reduction=r)
            ce(s, f"huge_{tag}_prob_{r}", xh, prob_target(4, 5), reduction=r)
            ce(s, f"huge_{tag}_index_ls_{r}", xh, targets(5, 4), reduction=r, label_smoothing=0.1)
    for r in REDUCTIONS:
        ce(s, f"shifted_1e4_{r}", torch.randn(4, 5) + 1e4, targets(5, 4), reduction=r)
        ce(s, f"pair_1e16_{r}", torch.tensor([[1e16, 1e16 + 1], [1e16 + 4, 1e16]]), torch.tensor([1, 0]), reduction=r)
    xi = torch.tensor([[-inf, 0.5, 1.0, -2.0], [0.3, -inf, -inf, 2.0], [1.0, 2.0, 3.0, -inf]])
    for r in REDUCTIONS:
        ce(s, f"neg_inf_logits_index_{r}", xi, torch.tensor([1, 3, 0]), reduction=r)
        ce(s, f"neg_inf_logits_target_on_inf_{r}", xi, torch.tensor([0, 3, 0]), reduction=r)
        ce(s, f"neg_inf_logits_prob_{r}", xi, prob_target(3, 4), reduction=r, target_grad=False)
        ce(s, f"neg_inf_logits_prob_zero_there_{r}", xi, torch.tensor([[0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0], [0.2, 0.3, 0.5, 0.0]]),
           reduction=r, target_grad=False)
        ce(s, f"neg_inf_logits_ignored_row_{r}", xi, torch.tensor([1, -100, 0]), reduction=r)

    # --- empty inputs (issue #73165: (5, 0) prob target) ----------------------------------------------
    for r in REDUCTIONS:
        ce(s, f"zero_div_5x0_prob_{r}", torch.randn(5, 0), torch.randn(5, 0), reduction=r)
        ce(s, f"empty_0x3_index_{r}", torch.randn(0, 3), torch.zeros(0, dtype=torch.long), reduction=r)
        ce(s, f"empty_0x3_prob_{r}", torch.randn(0, 3), torch.zeros(0, 3), reduction=r)
        ce(s, f"empty_2x3x0_index_{r}", torch.randn(2, 3, 0), torch.zeros(2, 0, dtype=torch.long), reduction=r)
        ce(s, f"empty_0x3_index_ls_{r}", torch.randn(0, 3), torch.zeros(0, dtype=torch.long), reduction=r, label_smoothing=0.1)

    # --- larger inputs (b64) ---------------------------------------------------------------------------
    ce(s, "large_10000x3_mean", torch.randn(10000, 3), targets(3, 10000), dtypes=((F32, "f32"),), grad=False)
    ce(s, "large_20000x3_weight_sum", torch.randn(20000, 3), targets(3, 20000), dtypes=((F32, "f32"),), grad=False,
       reduction="sum", weight=torch.rand(3))
    ce(s, "large_2x3x40x50_ls_weight", torch.randn(2, 3, 40, 50), targets(3, 2, 40, 50), dtypes=((F32, "f32"),), grad=False,
       label_smoothing=0.1, weight=torch.rand(3))
    ce(s, "large_500x4_prob", torch.randn(500, 4), prob_target(500, 4), dtypes=((F32, "f32"),))
    ce(s, "large_64x10_grad", torch.randn(64, 10), targets(10, 64))

    # --- errors (spec section 2) ----------------------------------------------------------------------
    x = torch.randn(3, 5)
    ce_err(s, "err_long_one_hot_target", x, F.one_hot(torch.tensor([0, 1, 4]), 5),
           spec=("RuntimeError", "Expected floating point type for target with class probabilities, got Long"))
    for ii in (0, 1, 5, 100):
        ce_err(s, f"err_prob_ignore_index_{ii}", x, prob_target(3, 5), ignore_index=ii,
               spec=("RuntimeError", "ignore_index is not supported for floating point target"))
    ce_err(s, "err_ls_1.2_index", x, torch.tensor([0, 1, 4]), label_smoothing=1.2,
           spec=("RuntimeError", "label_smoothing must be between 0.0 and 1.0. Got: 1.2"))
    ce_err(s, "err_ls_1.2_prob", x, prob_target(3, 5), label_smoothing=1.2,
           spec=("RuntimeError", "label_smoothing must be between 0.0 and 1.0. Got: 1.2"))
    ce_err(s, "err_ls_1.5_kdim", torch.randn(2, 5, 3), targets(5, 2, 3), label_smoothing=1.5,
           spec=("RuntimeError", "label_smoothing must be between 0.0 and 1.0. Got: 1.5"))
    ce_err(s, "err_prob_weight_size", x, prob_target(3, 5), weight=torch.rand(4),
           spec=("RuntimeError", "cross_entropy: weight tensor should be defined either for all 5 classes or no classes "
                                 "but got weight tensor of shape: [4]"))
    ce_err(s, "err_prob_weight_size_kdim", torch.randn(2, 5, 3), prob_target(2, 5, 3), weight=torch.rand(6),
           spec=("RuntimeError", "cross_entropy: weight tensor should be defined either for all 5 classes or no classes "
                                 "but got weight tensor of shape: [6]"))
    ce_err(s, "err_index_weight_size", x, torch.tensor([0, 1, 4]), weight=torch.rand(4),
           spec=("RuntimeError", "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]"))
    ce_err(s, "err_index_weight_size_ls", x, torch.tensor([0, 1, 4]), weight=torch.rand(4), label_smoothing=0.1)
    ce_err(s, "err_index_weight_size_kdim", torch.randn(2, 5, 3, 3), targets(5, 2, 3, 3), weight=torch.rand(4),
           spec=("RuntimeError", "weight tensor should be defined either for all or no classes"))
    ce_err(s, "err_0dim_input_0dim_float_target", torch.tensor(0.5), torch.tensor(1.0),
           spec=("IndexError", "Dimension specified as 1 but tensor has no dimensions"))
    ce_err(s, "err_0dim_input_0dim_long_target", torch.tensor(0.5), torch.tensor(0))
    ce_err(s, "err_float_target_other_shape", x, torch.tensor([0.0, 1.0, 4.0]),
           spec=("RuntimeError", "expected scalar type Long but found Float"))
    ce_err(s, "err_float_target_other_shape_ls", x, torch.tensor([0.0, 1.0, 4.0]), label_smoothing=0.1,
           spec=("RuntimeError", "expected scalar type Long but found Float"))
    ce_err(s, "err_prob_target_broadcast_shape", x, prob_target(1, 5))
    ce_err(s, "err_double_target", x, torch.tensor([0.0, 1.0, 4.0], dtype=F64),
           spec=("RuntimeError", "expected scalar type Long but found Double"))
    ce_err(s, "err_oob", x, torch.tensor([0, 5, 1]), spec=("IndexError", "Target 5 is out of bounds."))
    ce_err(s, "err_oob_neg", x, torch.tensor([0, -1, 1]), spec=("IndexError", "Target -1 is out of bounds."))
    ce_err(s, "err_oob_ls", x, torch.tensor([0, 5, 1]), label_smoothing=0.1, spec=("IndexError", "Target 5 is out of bounds."))
    ce_err(s, "err_oob_ls_weight_none", x, torch.tensor([0, -7, 1]), label_smoothing=0.1, weight=torch.rand(5), reduction="none",
           spec=("IndexError", "Target -7 is out of bounds."))
    ce_err(s, "err_oob_kdim", torch.randn(2, 5, 3), torch.tensor([[0, 1, 2], [3, 9, 0]]), spec=("IndexError", "Target 9 is out of bounds."))
    ce_err(s, "err_oob_unbatched", torch.randn(5), torch.tensor(5), spec=("IndexError", "Target 5 is out of bounds."))
    ce_err(s, "err_batch_mismatch", x, torch.tensor([0, 1]), spec=("ValueError", "Expected input batch_size (3) to match target batch_size (2)."))
    ce_err(s, "err_batch_mismatch_ls", x, torch.tensor([0, 1]), label_smoothing=0.1,
           spec=("ValueError", "Expected input batch_size (3) to match target batch_size (2)."))
    ce_err(s, "err_multi_target", x, torch.zeros(3, 1, dtype=torch.long),
           spec=("RuntimeError", "0D or 1D target tensor expected, multi-target not supported"))
    ce_err(s, "err_kdim_target_shape", torch.randn(2, 5, 3), torch.zeros(2, 4, dtype=torch.long),
           spec=("RuntimeError", "Expected target size [2, 3], got [2, 4]"))
    ce_err(s, "err_rank4_spatial_mismatch", torch.randn(2, 3, 5, 5), torch.zeros(2, 5, 4, dtype=torch.long),
           spec=("RuntimeError", "size mismatch (got input: [2, 3, 5, 5] , target: [2, 5, 4]"))
    ce_err(s, "err_1d_size_mismatch", torch.randn(5), torch.tensor([1]), spec=("RuntimeError", "size mismatch (got input: [5], target: [1])"))
    ce_err(s, "err_weight_dtype", x, torch.tensor([0, 1, 4]), weight=torch.rand(5, dtype=F64),
           spec=("RuntimeError", "expected scalar type Float but found Double"))
    # probability targets go through ordinary (type-promoting) tensor ops, so mixed dtypes are accepted there and
    # the result is float64; its log-probabilities are float32, hence float32 tolerances
    s.add("prob_weight_f64_promotes", "cross_entropy", [rg(x), prob_target(3, 5)], {"weight": torch.rand(5, dtype=F64)}, tol=(2e-5, 2e-5))
    s.add("prob_target_f64_promotes", "cross_entropy", [rg(x), rg(prob_target(3, 5).double())], {}, tol=(2e-5, 2e-5))
    ce_err(s, "err_integer_input", torch.tensor([[1, 2, 3], [4, 5, 6]]), torch.tensor([0, 1]))
    for bad in ("avg", "batchmean"):
        ce_err(s, f"err_reduction_{bad}", x, torch.tensor([0, 1, 4]), reduction=bad,
               spec=("ValueError", f"{bad} is not a valid value for reduction"))
        ce_err(s, f"err_reduction_{bad}_prob", x, prob_target(3, 5), reduction=bad,
               spec=("ValueError", f"{bad} is not a valid value for reduction"))
    ce_err(s, "err_weight_requires_grad", rg(x), torch.tensor([0, 1, 4]), weight=rg(torch.rand(5)))
    ce_err(s, "err_0dim_input", torch.tensor(0.5), torch.tensor([1]))
    # a 1-D input with a same-length 1-D long target: equal shapes select the probability-target
    # branch first, so PyTorch (1.13 and upstream) reports the target dtype, not nll_loss's rank rule
    ce_err(s, "err_1d_same_length_target", torch.randn(5), torch.tensor([1, 2, 0, 1, 2]))
    return s
