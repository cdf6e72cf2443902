"""test/fixtures/cases_nn_attention.json: LayerNorm, MultiheadAttention and the Transformer modules in
PyTorch 1.13 -- initial parameters for a seed, outputs (attention weights too), gradients of inputs and
parameters, dropout in training mode (seeded forward), the eval-mode fast paths, and error texts.

Run: /usr/bin/python3 tools/fixtures_nn_attention.py
A module case names its constructor, positional and keyword arguments, the seed set before
construction, named tensors, the forward call (tensor arguments by reference, so that self-attention
passes one tensor three times), the seed set before the forward, and the mode (train / eval, no_grad).
The loss for gradients is sum(out_i * grad_output_i) over the outputs that are not None.
"""
import json
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from fixture_spec import spec as full_spec  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cases_nn_attention.json")
F32, F64 = torch.float32, torch.float64


def spec(t):
    """fixture_spec's encoding, float32 values written with 9 significant digits (enough to round-trip)."""
    s = full_spec(t)
    if t.dtype == F32:
        s["data"] = [float(f"{v:.9g}") if isinstance(v, float) else v for v in s["data"]]
    return s


def tens(t):
    s = spec(t)
    if t.requires_grad:
        s["requires_grad"] = True
    return s


def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": tens(v)}
    if isinstance(v, str) and v.startswith("@"):
        return {"ref": v[1:]}
    return {"value": v}


def error_of(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - PyTorch's error is what is recorded
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("expected an error")


# ---- F.layer_norm ------------------------------------------------------------------------------------
def layer_norm_cases():
    torch.manual_seed(7)
    cases = []
    shapes = [
        ("2d", (3, 5), [5], True, True, 1e-5),
        ("3d_two_dims", (2, 3, 4), [3, 4], True, True, 1e-5),
        ("no_affine", (4, 6), [6], False, False, 1e-5),
        ("weight_only", (2, 2, 5), [5], True, False, 1e-3),
        ("bias_only", (3, 4), [4], False, True, 0.1),
        ("1d", (7,), [7], True, True, 1e-5),
        ("whole_input", (2, 3), [2, 3], True, True, 1e-5),
        ("offset_mean", (3, 8), [8], True, True, 1e-5),
    ]
    for name, shape, ns, w, b, eps in shapes:
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            x = torch.randn(*shape, dtype=dt)
            if name == "offset_mean":
                x = x * 0.5 + 3
            x.requires_grad_(True)
            wt = (torch.randn(*ns, dtype=dt) * 0.5 + 1).requires_grad_(True) if w else None
            bt = torch.randn(*ns, dtype=dt).requires_grad_(True) if b else None
            out = F.layer_norm(x, ns, wt, bt, eps)
            go = torch.randn_like(out)
            (out * go).sum().backward()
            c = {"id": f"{name}_{tag}", "input": tens(x), "normalized_shape": ns, "eps": eps,
                 "weight": tens(wt) if w else None, "bias": tens(bt) if b else None,
                 "out": spec(out), "grad_output": spec(go), "grad_input": spec(x.grad),
                 "grad_weight": spec(wt.grad) if w else None, "grad_bias": spec(bt.grad) if b else None}
            cases.append(c)
    return cases


def layer_norm_errors():
    x = torch.randn(2, 3, 4)
    cases = [
        ("wrong_last", lambda: F.layer_norm(x, (3,)), {"input": x, "normalized_shape": [3]}),
        ("wrong_two", lambda: F.layer_norm(x, (5, 4)), {"input": x, "normalized_shape": [5, 4]}),
        ("too_long", lambda: F.layer_norm(x, (2, 3, 4, 5)), {"input": x, "normalized_shape": [2, 3, 4, 5]}),
        ("weight_shape", lambda: F.layer_norm(x, [4], torch.ones(3)), {"input": x, "normalized_shape": [4], "weight": torch.ones(3)}),
        ("bias_shape", lambda: F.layer_norm(x, [4], None, torch.ones(3)), {"input": x, "normalized_shape": [4], "bias": torch.ones(3)}),
        ("empty_shape", lambda: F.layer_norm(x, []), {"input": x, "normalized_shape": []}),
        ("int_shape", lambda: F.layer_norm(x, 4), {"input": x, "normalized_shape": 4}),
        ("long_input", lambda: F.layer_norm(x.long(), (4,)), {"input": x.long(), "normalized_shape": [4]}),
        ("weight_dtype", lambda: F.layer_norm(x, (4,), torch.ones(4, dtype=F64)), {"input": x, "normalized_shape": [4], "weight": torch.ones(4, dtype=F64)}),
    ]
    return [{"id": cid, "args": {k: enc(v) for k, v in a.items()}, "error": error_of(fn)} for cid, fn, a in cases]


# ---- modules -----------------------------------------------------------------------------------------
ACTIVATIONS = {"silu": F.silu, "tanh": torch.tanh}


def ctor_kwargs(kwargs):
    """{"activation": {"fn": name}} in the fixture is that function in PyTorch (F.<name> in torchlet)."""
    out = {k: ACTIVATIONS[v["fn"]] if isinstance(v, dict) and "fn" in v else v for k, v in kwargs.items()}
    if out.get("dtype") == "float64":
        out["dtype"] = F64
    return out


CTORS = {
    "LayerNorm": nn.LayerNorm, "MultiheadAttention": nn.MultiheadAttention,
    "TransformerEncoderLayer": nn.TransformerEncoderLayer, "TransformerDecoderLayer": nn.TransformerDecoderLayer,
    "Transformer": nn.Transformer,
}


def build(ctor, args, kwargs):
    if ctor in ("TransformerEncoder", "TransformerDecoder"):
        # [layer ctor, layer args, layer kwargs], num_layers, norm (d_model of a LayerNorm or None)
        (lc, la, lk), n, norm = args
        layer = CTORS[lc](*la, **ctor_kwargs(lk))
        nm = nn.LayerNorm(norm) if norm else None
        cls = nn.TransformerEncoder if ctor == "TransformerEncoder" else nn.TransformerDecoder
        return cls(layer, n, nm, **kwargs)
    return CTORS[ctor](*args, **ctor_kwargs(kwargs))


def module_case(cid, ctor, args, kwargs, tensors, call_args, call_kwargs=None, seed=0, fwd_seed=None,
                train=True, no_grad=False, params=True, grads=True, dtype=F32):
    call_kwargs = call_kwargs or {}
    torch.manual_seed(seed)
    m = build(ctor, args, kwargs)
    if dtype == F64:
        m = m.double()
    m.train(train)
    # fresh leaves per case: a tensor shared by two cases must not carry the first case's gradient
    tensors = {k: v.detach().clone().requires_grad_(v.requires_grad) for k, v in tensors.items()}
    named = tensors
    resolve = lambda v: named[v[1:]] if isinstance(v, str) and v.startswith("@") else v  # noqa: E731
    c = {"id": cid, "ctor": ctor, "args": args, "kwargs": kwargs, "seed": seed, "train": train, "no_grad": no_grad,
         "dtype": "float64" if dtype == F64 or kwargs.get("dtype") == "float64" else "float32", "converted": dtype == F64,
         "tensors": {k: tens(v) for k, v in tensors.items()},
         "call_args": [enc(v) for v in call_args], "call_kwargs": {k: enc(v) for k, v in call_kwargs.items()},
         "fwd_seed": fwd_seed, "param_names": [n for n, _ in m.named_parameters()]}
    if params:
        c["params"] = {n: spec(p) for n, p in m.named_parameters()}
    if fwd_seed is not None:
        torch.manual_seed(fwd_seed)
    ctx = torch.no_grad() if no_grad else torch.enable_grad()
    with ctx, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = m(*[resolve(v) for v in call_args], **{k: resolve(v) for k, v in call_kwargs.items()})
    outs = list(out) if isinstance(out, tuple) else [out]
    c["outputs"] = [None if o is None else spec(o) for o in outs]
    c["grad_fns"] = [o.grad_fn.name() if o is not None and o.grad_fn is not None else None for o in outs]
    if grads and not no_grad:
        gos = [None if o is None else torch.randn_like(o) for o in outs]
        loss = sum((o * g).sum() for o, g in zip(outs, gos) if o is not None)
        loss.backward()
        c["grad_outputs"] = [None if g is None else spec(g) for g in gos]
        c["grads"] = {k: spec(v.grad) for k, v in tensors.items() if v.requires_grad}
        with_grad = [(n, p) for n, p in m.named_parameters() if p.grad is not None]
        # the first and last few parameters' gradients keep big stacks' fixtures small
        kept = with_grad if len(with_grad) <= 12 else with_grad[:6] + with_grad[-6:]
        c["param_grads"] = {n: spec(p.grad) for n, p in kept}
    return c


def x_(*shape, dtype=F32, grad=True):
    return torch.randn(*shape, dtype=dtype).requires_grad_(grad)


def mha_cases():
    torch.manual_seed(11)
    cs = []
    E, H = 8, 2
    x = x_(5, 3, E)
    cs.append(module_case("mha_self", "MultiheadAttention", [E, H], {}, {"x": x}, ["@x", "@x", "@x"], seed=1))
    cs.append(module_case("mha_self_f64", "MultiheadAttention", [E, H], {}, {"x": x_(4, 2, E, dtype=F64)}, ["@x", "@x", "@x"], seed=1, dtype=F64))
    q, kv = x_(4, 2, E), x_(6, 2, E)
    cs.append(module_case("mha_kv_same", "MultiheadAttention", [E, H], {}, {"q": q, "kv": kv}, ["@q", "@kv", "@kv"], seed=2))
    k, v = x_(6, 2, E), x_(6, 2, E)
    cs.append(module_case("mha_cross_per_head", "MultiheadAttention", [E, H], {}, {"q": q, "k": k, "v": v}, ["@q", "@k", "@v"],
                          {"average_attn_weights": False}, seed=3))
    cs.append(module_case("mha_kdim_vdim", "MultiheadAttention", [E, 4], {"kdim": 5, "vdim": 3},
                          {"q": x_(3, 2, E), "k": x_(4, 2, 5), "v": x_(4, 2, 3)}, ["@q", "@k", "@v"], seed=4))
    cs.append(module_case("mha_batch_first", "MultiheadAttention", [E, H], {"batch_first": True}, {"x": x_(2, 5, E)}, ["@x", "@x", "@x"], seed=5))
    cs.append(module_case("mha_no_bias", "MultiheadAttention", [E, H], {"bias": False}, {"x": x_(3, 2, E)}, ["@x", "@x", "@x"], seed=6))
    cs.append(module_case("mha_bias_kv_zero_attn", "MultiheadAttention", [E, H], {"add_bias_kv": True, "add_zero_attn": True},
                          {"x": x_(4, 2, E), "kpm": torch.tensor([[False, False, False, True], [False, False, False, False]]),
                           "m": torch.randn(4, 4) * 0.3},
                          ["@x", "@x", "@x"], {"key_padding_mask": "@kpm", "attn_mask": "@m"}, seed=7))
    causal = nn.Transformer.generate_square_subsequent_mask(5)
    cs.append(module_case("mha_float_causal", "MultiheadAttention", [E, H], {}, {"x": x_(5, 2, E), "m": causal},
                          ["@x", "@x", "@x"], {"attn_mask": "@m"}, seed=8))
    bool_mask = torch.rand(5, 5) > 0.6
    bool_mask.fill_diagonal_(False)
    kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    cs.append(module_case("mha_bool_masks", "MultiheadAttention", [E, H], {}, {"x": x_(5, 2, E), "m": bool_mask, "kpm": kpm},
                          ["@x", "@x", "@x"], {"attn_mask": "@m", "key_padding_mask": "@kpm"}, seed=9))
    cs.append(module_case("mha_float_mask_bool_kpm", "MultiheadAttention", [E, H], {}, {"x": x_(5, 2, E), "m": torch.randn(5, 5), "kpm": kpm},
                          ["@x", "@x", "@x"], {"attn_mask": "@m", "key_padding_mask": "@kpm"}, seed=9))
    cs.append(module_case("mha_float_kpm", "MultiheadAttention", [E, H], {}, {"x": x_(5, 2, E), "kpm": torch.randn(2, 5)},
                          ["@x", "@x", "@x"], {"key_padding_mask": "@kpm"}, seed=9))
    cs.append(module_case("mha_3d_mask", "MultiheadAttention", [E, H], {}, {"q": x_(3, 2, E), "kv": x_(4, 2, E), "m": torch.randn(4, 3, 4)},
                          ["@q", "@kv", "@kv"], {"attn_mask": "@m"}, seed=10))
    cs.append(module_case("mha_uint8_mask", "MultiheadAttention", [E, H], {}, {"x": x_(3, 2, E), "m": torch.tensor([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=torch.uint8)},
                          ["@x", "@x", "@x"], {"attn_mask": "@m"}, seed=10))
    cs.append(module_case("mha_unbatched", "MultiheadAttention", [E, H], {}, {"x": x_(4, E), "kpm": torch.tensor([False, False, True, False])},
                          ["@x", "@x", "@x"], {"key_padding_mask": "@kpm"}, seed=12))
    cs.append(module_case("mha_unbatched_3d_mask", "MultiheadAttention", [E, H], {"batch_first": True}, {"x": x_(3, E), "m": torch.randn(H, 3, 3)},
                          ["@x", "@x", "@x"], {"attn_mask": "@m"}, seed=12))
    cs.append(module_case("mha_no_weights", "MultiheadAttention", [E, H], {}, {"x": x_(3, 2, E)}, ["@x", "@x", "@x"], {"need_weights": False}, seed=13))
    cs.append(module_case("mha_dropout_train", "MultiheadAttention", [E, H], {"dropout": 0.3}, {"x": x_(5, 2, E)}, ["@x", "@x", "@x"], seed=14, fwd_seed=99))
    cs.append(module_case("mha_dropout_eval", "MultiheadAttention", [E, H], {"dropout": 0.3}, {"x": x_(5, 2, E)}, ["@x", "@x", "@x"], seed=14, train=False))
    # the eval-mode fast path (_native_multi_head_attention): batch_first, self-attention, no grad
    fx = x_(2, 5, E, grad=False)
    fk = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    cs.append(module_case("mha_fast_path", "MultiheadAttention", [E, H], {"batch_first": True}, {"x": fx, "kpm": fk},
                          ["@x", "@x", "@x"], {"key_padding_mask": "@kpm"}, seed=15, train=False, no_grad=True))
    cs.append(module_case("mha_fast_path_no_weights", "MultiheadAttention", [E, H], {"batch_first": True}, {"x": fx},
                          ["@x", "@x", "@x"], {"need_weights": False}, seed=15, train=False, no_grad=True))
    return cs


def transformer_cases():
    torch.manual_seed(21)
    cs = []
    d, h, ff = 8, 2, 16
    causal = nn.Transformer.generate_square_subsequent_mask(5)
    kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    base = {"dim_feedforward": ff}
    for name, kw in (("relu", {}), ("gelu", {"activation": "gelu"}), ("norm_first", {"norm_first": True}),
                     ("batch_first", {"batch_first": True}), ("eps", {"layer_norm_eps": 1e-3})):
        shape = (2, 5, d) if kw.get("batch_first") else (5, 2, d)
        cs.append(module_case(f"enc_layer_{name}", "TransformerEncoderLayer", [d, h], {**base, **kw, "dropout": 0.0},
                              {"x": x_(*shape)}, ["@x"], seed=30))
    cs.append(module_case("enc_layer_callable_activation", "TransformerEncoderLayer", [d, h], {**base, "activation": {"fn": "silu"}, "dropout": 0.0},
                          {"x": x_(5, 2, d)}, ["@x"], seed=30))
    cs.append(module_case("enc_layer_float64", "TransformerEncoderLayer", [d, h], {**base, "dropout": 0.0, "dtype": "float64"},
                          {"x": x_(5, 2, d, dtype=F64), "m": causal.double()}, ["@x"], {"src_mask": "@m"}, seed=30))
    cs.append(module_case("enc_layer_masks", "TransformerEncoderLayer", [d, h], {**base, "dropout": 0.0},
                          {"x": x_(5, 2, d), "m": causal, "kpm": kpm}, ["@x"], {"src_mask": "@m", "src_key_padding_mask": "@kpm"}, seed=31))
    cs.append(module_case("enc_layer_dropout_train", "TransformerEncoderLayer", [d, h], {**base, "dropout": 0.2},
                          {"x": x_(5, 2, d), "m": causal}, ["@x"], {"src_mask": "@m"}, seed=32, fwd_seed=5))
    cs.append(module_case("enc_layer_unbatched", "TransformerEncoderLayer", [d, h], {**base, "dropout": 0.0},
                          {"x": x_(4, d)}, ["@x"], seed=33))
    cs.append(module_case("enc_layer_fast_path", "TransformerEncoderLayer", [d, h], {**base, "batch_first": True},
                          {"x": x_(2, 5, d, grad=False), "kpm": kpm}, ["@x"], {"src_key_padding_mask": "@kpm"}, seed=34, train=False, no_grad=True))
    enc = ["TransformerEncoderLayer", [d, h], {**base, "dropout": 0.1}]
    cs.append(module_case("encoder_2_layers_norm_train", "TransformerEncoder", [enc, 2, d], {},
                          {"x": x_(5, 2, d), "m": causal}, ["@x"], {"mask": "@m"}, seed=35, fwd_seed=6))
    cs.append(module_case("encoder_eval", "TransformerEncoder", [enc, 2, None], {},
                          {"x": x_(5, 2, d), "kpm": kpm}, ["@x"], {"src_key_padding_mask": "@kpm"}, seed=36, train=False))
    encbf = ["TransformerEncoderLayer", [d, h], {**base, "batch_first": True}]
    cs.append(module_case("encoder_nested_fast_path", "TransformerEncoder", [encbf, 2, d], {},
                          {"x": x_(2, 5, d, grad=False), "kpm": kpm}, ["@x"], {"src_key_padding_mask": "@kpm"}, seed=37, train=False, no_grad=True))
    fk = torch.tensor([[0.0, 0.0, 0.0, -2.0, 0.5], [0.0, 0.0, 0.0, 0.0, 0.0]])
    cs.append(module_case("encoder_nested_float_mask", "TransformerEncoder", [encbf, 2, d], {},
                          {"x": x_(2, 5, d, grad=False), "kpm": fk}, ["@x"], {"src_key_padding_mask": "@kpm"}, seed=37, train=False, no_grad=True))
    cs.append(module_case("encoder_not_left_aligned", "TransformerEncoder", [encbf, 2, d], {},
                          {"x": x_(2, 5, d, grad=False), "kpm": torch.tensor([[False, True, False, True, True], [False] * 5])},
                          ["@x"], {"src_key_padding_mask": "@kpm"}, seed=37, train=False, no_grad=True))
    cs.append(module_case("encoder_nested_disabled", "TransformerEncoder", [encbf, 2, d], {"enable_nested_tensor": False},
                          {"x": x_(2, 5, d, grad=False), "kpm": kpm}, ["@x"], {"src_key_padding_mask": "@kpm"}, seed=37, train=False, no_grad=True))
    cs.append(module_case("dec_layer", "TransformerDecoderLayer", [d, h], {**base, "dropout": 0.0},
                          {"t": x_(4, 2, d), "mem": x_(5, 2, d), "tm": nn.Transformer.generate_square_subsequent_mask(4), "mk": kpm},
                          ["@t", "@mem"], {"tgt_mask": "@tm", "memory_key_padding_mask": "@mk"}, seed=40))
    cs.append(module_case("dec_layer_norm_first_gelu_train", "TransformerDecoderLayer", [d, h], {**base, "norm_first": True, "activation": "gelu", "dropout": 0.25},
                          {"t": x_(4, 2, d), "mem": x_(5, 2, d)}, ["@t", "@mem"], seed=41, fwd_seed=8))
    dec = ["TransformerDecoderLayer", [d, h], {**base, "dropout": 0.0}]
    cs.append(module_case("decoder_2_layers", "TransformerDecoder", [dec, 2, d], {},
                          {"t": x_(4, 2, d), "mem": x_(5, 2, d)}, ["@t", "@mem"], seed=42))
    tkw = {"d_model": d, "nhead": h, "num_encoder_layers": 2, "num_decoder_layers": 1, "dim_feedforward": ff}
    cs.append(module_case("transformer_train", "Transformer", [], tkw,
                          {"src": x_(5, 2, d), "tgt": x_(4, 2, d), "tm": nn.Transformer.generate_square_subsequent_mask(4)},
                          ["@src", "@tgt"], {"tgt_mask": "@tm"}, seed=50, fwd_seed=9))
    return cs


def functional_cases():
    """F.multi_head_attention_forward called directly: packed and separate weights, static k / v, dropout."""
    torch.manual_seed(61)
    E, H, L, S, N = 6, 3, 4, 5, 2
    cs = []

    def case(cid, tensors, args, kwargs, fwd_seed=None):
        tensors = {k: v.detach().clone().requires_grad_(v.requires_grad) for k, v in tensors.items()}
        r = lambda v: tensors[v[1:]] if isinstance(v, str) and v.startswith("@") else v  # noqa: E731
        if fwd_seed is not None:
            torch.manual_seed(fwd_seed)
        out = F.multi_head_attention_forward(*[r(a) for a in args], **{k: r(v) for k, v in kwargs.items()})
        c = {"id": cid, "tensors": {k: tens(v) for k, v in tensors.items()}, "call_args": [enc(a) for a in args],
             "call_kwargs": {k: enc(v) for k, v in kwargs.items()}, "fwd_seed": fwd_seed,
             "outputs": [None if o is None else spec(o) for o in out]}
        gos = [None if o is None else torch.randn_like(o) for o in out]
        sum((o * g).sum() for o, g in zip(out, gos) if o is not None).backward()
        c["grad_outputs"] = [None if g is None else spec(g) for g in gos]
        c["grads"] = {k: None if v.grad is None else spec(v.grad) for k, v in tensors.items() if v.requires_grad}
        cs.append(c)

    w = {"q": x_(L, N, E), "k": x_(S, N, E), "v": x_(S, N, E), "w": x_(3 * E, E), "b": x_(3 * E), "ow": x_(E, E), "ob": x_(E)}
    std = ["@q", "@k", "@v", E, H, "@w", "@b", None, None, False, 0.0, "@ow", "@ob"]
    case("packed", w, std, {})
    case("packed_dropout", w, std[:10] + [0.4] + std[11:], {"training": True}, fwd_seed=3)
    case("packed_dropout_eval", w, std[:10] + [0.4] + std[11:], {"training": False})
    sk, sv = x_(N * H, 7, E // H), x_(N * H, 7, E // H)
    case("static_kv", {**w, "sk": sk, "sv": sv}, std, {"static_k": "@sk", "static_v": "@sv", "average_attn_weights": False})
    sep = {"q": x_(L, N, E), "k": x_(S, N, 4), "v": x_(S, N, 3), "wq": x_(E, E), "wk": x_(E, 4), "wv": x_(E, 3), "ow": x_(E, E)}
    case("separate_no_bias", sep, ["@q", "@k", "@v", E, H, None, None, None, None, True, 0.0, "@ow", None],
         {"use_separate_proj_weight": True, "q_proj_weight": "@wq", "k_proj_weight": "@wk", "v_proj_weight": "@wv"})
    return cs


def wlm_init():
    """word_language_model's construction order: nn.Transformer (6 decoder layers by default), then
    input_emb / decoder uniform_: the first values after it tell whether the generator advanced as PyTorch's."""
    torch.manual_seed(1111)
    t = nn.Transformer(d_model=8, nhead=2, dim_feedforward=8, num_encoder_layers=2)
    after = torch.rand(4)
    names = [n for n, _ in t.named_parameters()]
    return {"seed": 1111, "kwargs": {"d_model": 8, "nhead": 2, "dim_feedforward": 8, "num_encoder_layers": 2},
            "param_count": len(names), "first_names": names[:6], "last_names": names[-4:],
            "encoder_in_proj_weight_0": spec(t.encoder.layers[0].self_attn.in_proj_weight[0]),
            "decoder_last_linear2_weight_0": spec(t.decoder.layers[5].linear2.weight[0]),
            "rand_after": spec(after)}


def training_run():
    """word_language_model's Transformer path in miniature: nn.Transformer's encoder with a causal
    log-mask, a Linear head, log_softmax + nll_loss, dropout on, plain SGD steps (p -= lr * grad)."""
    torch.manual_seed(5)
    model = nn.Transformer(d_model=8, nhead=2, dim_feedforward=16, num_encoder_layers=2, dropout=0.2)
    head = nn.Linear(8, 11)
    x = torch.randn(6, 3, 8)
    target = torch.randint(0, 11, (18,))
    mask = torch.log(torch.tril(torch.ones(6, 6)))
    params = list(model.parameters()) + list(head.parameters())
    losses = []
    for _ in range(3):
        for p in params:
            p.grad = None
        out = head(model.encoder(x, mask=mask)).view(-1, 11)
        loss = F.nll_loss(F.log_softmax(out, dim=-1), target)
        loss.backward()
        for p in params:
            if p.grad is not None:
                p.data.add_(p.grad, alpha=-0.5)
        losses.append(loss.item())
    return {"seed": 5, "x": spec(x), "target": spec(target), "losses": losses, "rand_after": spec(torch.rand(3))}


def module_errors():
    E = 8
    m = nn.MultiheadAttention(E, 2)
    x = torch.randn(5, 2, E)
    cases = [
        ("ctor_divisible", lambda: nn.MultiheadAttention(6, 4), {"ctor": ["MultiheadAttention", [6, 4], {}]}),
        ("attn_mask_2d_shape", lambda: m(x, x, x, attn_mask=torch.zeros(4, 5)), {"mask": torch.zeros(4, 5), "kw": "attn_mask"}),
        ("attn_mask_3d_shape", lambda: m(x, x, x, attn_mask=torch.zeros(2, 5, 5)), {"mask": torch.zeros(2, 5, 5), "kw": "attn_mask"}),
        ("attn_mask_4d", lambda: m(x, x, x, attn_mask=torch.zeros(1, 4, 5, 5)), {"mask": torch.zeros(1, 4, 5, 5), "kw": "attn_mask"}),
        ("attn_mask_long", lambda: m(x, x, x, attn_mask=torch.zeros(5, 5, dtype=torch.long)), {"mask": torch.zeros(5, 5, dtype=torch.long), "kw": "attn_mask"}),
        ("kpm_shape", lambda: m(x, x, x, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool)), {"mask": torch.zeros(2, 4, dtype=torch.bool), "kw": "key_padding_mask"}),
        ("kpm_dim", lambda: m(x, x, x, key_padding_mask=torch.zeros(2, 5, 1, dtype=torch.bool)), {"mask": torch.zeros(2, 5, 1, dtype=torch.bool), "kw": "key_padding_mask"}),
        ("unbatched_mask_3d_shape", lambda: m(x[:, 0], x[:, 0], x[:, 0], attn_mask=torch.zeros(2, 5, 4)),
         {"x_shape": [5, 8], "mask": torch.zeros(2, 5, 4), "kw": "attn_mask"}),
        ("unbatched_kpm_2d", lambda: m(x[:, 0], x[:, 0], x[:, 0], key_padding_mask=torch.zeros(1, 5, dtype=torch.bool)),
         {"x_shape": [5, 8], "mask": torch.zeros(1, 5, dtype=torch.bool), "kw": "key_padding_mask"}),
        ("kpm_long", lambda: m(x, x, x, key_padding_mask=torch.zeros(2, 5, dtype=torch.long)), {"mask": torch.zeros(2, 5, dtype=torch.long), "kw": "key_padding_mask"}),
        ("query_4d", lambda: m(x[None], x[None], x[None]), {"query4d": True}),
        ("key_2d", lambda: m(x, x[0], x[0]), {"key2d": True}),
        ("embed_mismatch", lambda: m(torch.randn(5, 2, 6), torch.randn(5, 2, 6), torch.randn(5, 2, 6)), {"embed6": True}),
        ("key_value_shape", lambda: m(x, x, torch.randn(4, 2, E)), {"value4": True}),
        ("activation", lambda: nn.TransformerEncoderLayer(8, 2, activation="tanh"), {"ctor": ["TransformerEncoderLayer", [8, 2], {"activation": "tanh"}]}),
        ("transformer_batch", lambda: nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=8)(torch.randn(3, 2, 8), torch.randn(3, 3, 8)), {"transformer": [[3, 2, 8], [3, 3, 8]]}),
        ("transformer_features", lambda: nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=8)(torch.randn(3, 2, 8), torch.randn(3, 2, 4)), {"transformer": [[3, 2, 8], [3, 2, 4]]}),
    ]
    out = []
    for cid, fn, info in cases:
        e = error_of(fn)
        info = {k: (enc(v) if isinstance(v, torch.Tensor) else v) for k, v in info.items()}
        out.append({"id": cid, **info, "error": e})
    return out


def main():
    data = {
        "replayed_by": "test/nn_attention.test.mjs",
        "generator": "tools/fixtures_nn_attention.py, PyTorch " + torch.__version__,
        "layer_norm": layer_norm_cases(),
        "layer_norm_errors": layer_norm_errors(),
        "modules": mha_cases() + transformer_cases(),
        "module_errors": module_errors(),
        "functional": functional_cases(),
        "wlm_init": wlm_init(),
        "training_run": training_run(),
        "reprs": {
            "encoder": repr(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, activation="gelu"), 2, nn.LayerNorm(4))),
            "decoder_layer": repr(nn.TransformerDecoderLayer(4, 2, dim_feedforward=8, dropout=0.25, layer_norm_eps=1e-6)),
            "mha_kdim": repr(nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False)),
        },
        "square_subsequent_mask_4": spec(nn.Transformer.generate_square_subsequent_mask(4)),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(f"{OUT}: {os.path.getsize(OUT)} bytes, {len(data['modules'])} module cases")


if __name__ == "__main__":
    main()
