"""cases_nn.json: F.linear, F.conv2d, F.max_pool2d and F.relu with gradients for every tensor argument."""
import torch

from fixtures_common import Suite

F32, F64 = torch.float32, torch.float64
DTYPES = ((F32, "f32"), (F64, "f64"))


def case(s, cid, fn, tensors, extra_args=(), dtypes=DTYPES, **kw):
    """Tensors first (all differentiable), then plain positional values, then keyword options."""
    for dt, tag in dtypes:
        args = [t.detach().to(dt).requires_grad_(True) for t in tensors] + list(extra_args)
        s.add(f"{cid}_{tag}", fn, args, kw)


def no_ties(*shape):
    """Distinct values in random order, so that max_pool2d never has to break a tie."""
    n = 1
    for d in shape:
        n *= d
    return (torch.randperm(n).double() / n * 4 - 2 + torch.rand(n).double() * 1e-3).reshape(shape)


def build():
    torch.manual_seed(1305)
    s = Suite("cases_nn.json")

    # --- linear ---------------------------------------------------------------------------------------
    for name, ishape in (("1d", (5,)), ("2d", (4, 5)), ("3d", (2, 3, 5)), ("4d", (2, 1, 3, 5))):
        w = torch.randn(3, 5)
        b = torch.randn(3)
        case(s, f"linear_{name}_bias", "linear", [torch.randn(*ishape), w, b])
        case(s, f"linear_{name}_no_bias", "linear", [torch.randn(*ishape), w])
    case(s, "linear_out1", "linear", [torch.randn(6, 4), torch.randn(1, 4), torch.randn(1)])
    case(s, "linear_in1", "linear", [torch.randn(6, 1), torch.randn(3, 1), torch.randn(3)])
    case(s, "linear_wide", "linear", [torch.randn(8, 64), torch.randn(10, 64) * 0.2, torch.randn(10)])
    case(s, "linear_empty_batch", "linear", [torch.randn(0, 5), torch.randn(3, 5), torch.randn(3)])

    # --- conv2d ---------------------------------------------------------------------------------------
    conv = [
        ("plain", (2, 3, 6, 6), (4, 3, 3, 3), {}),
        ("k1", (2, 3, 5, 5), (4, 3, 1, 1), {}),
        ("rect_kernel", (1, 2, 6, 7), (3, 2, 2, 3), {}),
        ("stride2", (2, 3, 7, 7), (4, 3, 3, 3), {"stride": 2}),
        ("stride_pair", (1, 2, 7, 8), (3, 2, 3, 3), {"stride": (2, 1)}),
        ("padding1", (2, 3, 5, 5), (4, 3, 3, 3), {"padding": 1}),
        ("padding_pair", (1, 2, 5, 6), (3, 2, 3, 3), {"padding": (2, 0)}),
        ("dilation2", (1, 2, 8, 8), (3, 2, 3, 3), {"dilation": 2}),
        ("dilation_pair", (1, 2, 8, 9), (3, 2, 3, 2), {"dilation": (1, 3)}),
        ("groups2", (2, 4, 6, 6), (6, 2, 3, 3), {"groups": 2}),
        ("depthwise", (1, 3, 5, 5), (3, 1, 3, 3), {"groups": 3}),
        ("depthwise_mult", (1, 2, 5, 5), (4, 1, 2, 2), {"groups": 2}),
        ("all_options", (2, 4, 9, 8), (6, 2, 3, 2), {"stride": (2, 1), "padding": (1, 2), "dilation": (2, 1), "groups": 2}),
        ("stride_padding_dilation_int", (1, 3, 10, 10), (2, 3, 3, 3), {"stride": 3, "padding": 2, "dilation": 2}),
        ("stride_gt_kernel", (1, 1, 9, 9), (2, 1, 2, 2), {"stride": 3}),
        ("kernel_covers_input", (2, 2, 3, 3), (3, 2, 3, 3), {}),
        ("mnist_like", (2, 1, 12, 12), (4, 1, 3, 3), {"stride": 1}),
    ]
    for name, ishape, wshape, kw in conv:
        x = torch.randn(*ishape)
        w = torch.randn(*wshape) * 0.5
        b = torch.randn(wshape[0])
        case(s, f"conv2d_{name}_bias", "conv2d", [x, w, b], **kw)
        case(s, f"conv2d_{name}_no_bias", "conv2d", [x, w], **kw)
    case(s, "conv2d_unbatched", "conv2d", [torch.randn(2, 5, 5), torch.randn(3, 2, 3, 3), torch.randn(3)], padding=1)
    case(s, "conv2d_positional_options", "conv2d", [torch.randn(1, 2, 6, 6), torch.randn(2, 2, 3, 3), torch.randn(2)], extra_args=(2, 1))
    case(s, "conv2d_mnist_conv2", "conv2d", [torch.randn(2, 8, 10, 10), torch.randn(6, 8, 3, 3) * 0.2, torch.randn(6)], dtypes=DTYPES[:1])

    # --- max_pool2d (kernel_size positional, the rest by keyword) ------------------------------------------
    pools = [
        ("k2", (1, 1, 6, 6), 2, {}),
        ("k2_batched", (2, 3, 6, 6), 2, {}),
        ("k3_stride1", (1, 2, 5, 5), 3, {"stride": 1}),
        ("k3_stride2", (2, 2, 7, 7), 3, {"stride": 2}),
        ("k2_stride1_overlap", (1, 1, 5, 5), 2, {"stride": 1}),
        ("k_pair", (1, 2, 6, 7), (2, 3), {}),
        ("stride_pair", (1, 2, 7, 7), 3, {"stride": (2, 1)}),
        ("padding1", (1, 2, 6, 6), 3, {"padding": 1}),
        ("padding_pair", (1, 2, 6, 6), (3, 2), {"padding": (1, 0)}),
        ("dilation2", (1, 2, 8, 8), 2, {"dilation": 2}),
        ("dilation_pair", (1, 1, 8, 9), 2, {"dilation": (2, 3)}),
        ("ceil_mode", (1, 1, 5, 5), 2, {"ceil_mode": True}),
        ("ceil_mode_stride", (1, 2, 7, 7), 3, {"stride": 2, "ceil_mode": True}),
        ("ceil_mode_padding", (1, 2, 6, 6), 3, {"stride": 2, "padding": 1, "ceil_mode": True}),
        ("ceil_mode_no_effect", (1, 1, 6, 6), 2, {"ceil_mode": True}),
        ("all_options", (2, 2, 9, 8), (3, 2), {"stride": (2, 2), "padding": (1, 1), "dilation": (2, 1), "ceil_mode": True}),
        ("odd_input_floor", (1, 1, 7, 5), 2, {}),
        ("unbatched", (3, 6, 6), 2, {}),
        ("mnist_like", (2, 4, 10, 10), 2, {}),
    ]
    for name, ishape, k, kw in pools:
        case(s, f"max_pool2d_{name}", "max_pool2d", [no_ties(*ishape)], extra_args=(k,), **kw)
    case(s, "max_pool2d_kernel_kw", "max_pool2d", [no_ties(1, 1, 4, 4)], kernel_size=2)
    case(s, "max_pool2d_positional_stride", "max_pool2d", [no_ties(1, 1, 6, 6)], extra_args=(3, 2))
    case(s, "max_pool2d_stride_none", "max_pool2d", [no_ties(1, 1, 6, 6)], extra_args=(2,), stride=None)
    case(s, "max_pool2d_neg_inf_entries", "max_pool2d", [torch.tensor([[[[-float("inf"), 1.0, 2.0, -3.0], [0.5, -float("inf"), 4.0, 3.0]]]])],
         extra_args=(2,))

    # --- relu -----------------------------------------------------------------------------------------
    case(s, "relu_0dim_pos", "relu", [torch.tensor(1.5)])
    case(s, "relu_0dim_neg", "relu", [torch.tensor(-0.5)])
    for shape in ((7,), (3, 4), (2, 3, 4), (2, 3, 4, 5)):
        case(s, "relu_" + "x".join(map(str, shape)), "relu", [torch.randn(*shape)])
    case(s, "relu_zeros_and_signed_zero", "relu", [torch.tensor([0.0, -0.0, 1e-30, -1e-30, 2.0, -2.0])])
    case(s, "relu_nonfinite", "relu", [torch.tensor([float("inf"), -float("inf"), 3.0, -1.0])])
    case(s, "relu_nan", "relu", [torch.tensor([float("nan"), 1.0, -1.0])], dtypes=DTYPES)
    case(s, "relu_empty", "relu", [torch.randn(0, 3)])
    return s
