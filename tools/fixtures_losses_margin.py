"""The margin losses (F.margin_ranking_loss, hinge_embedding_loss, soft_margin_loss, multilabel_soft_margin_loss,
cosine_embedding_loss, triplet_margin_loss, multi_margin_loss, multilabel_margin_loss and their nn modules), all
printed by PyTorch 1.13:

  test/fixtures/cases_losses_margin.json  functional values, gradients, grad_fn names and errors in the conformance
                                          format (replayed by test/conformance.test.mjs): random shapes including an
                                          empty batch, float32 and float64, every reduction, legacy size_average /
                                          reduce, weights, bad targets, badly bound calls.
  test/fixtures/nn_losses_margin.json     module reprs, attributes, state_dict keys, outputs and gradients, and
                                          constructor / forward errors (replayed by test/nn_losses_margin.test.mjs).

Run: /usr/bin/python3 tools/fixtures_losses_margin.py
"""
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from fixtures_common import GENERATOR, Suite, rg, tspec  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "test", "fixtures")
F32, F64, I64 = torch.float32, torch.float64, torch.int64
DTYPES = ((F32, "f32"), (F64, "f64"))
REDUCTIONS = ("none", "mean", "sum")
LEGACY = ({"size_average": False}, {"reduce": False}, {"size_average": True, "reduce": True})


def signs(*shape, dtype=F32):
    return (torch.randint(0, 2, shape) * 2 - 1).to(dtype)


def err(s, cid, fn, args, **kw):
    s.add(cid, fn, list(args), kw, expect_error=True)


def margin_ranking(s):
    fn = "margin_ranking_loss"
    for dt, tag in DTYPES:
        for n in (7, 0):
            for red in REDUCTIONS:
                s.add(f"mr_{tag}_n{n}_{red}", fn, [rg(torch.randn(n, dtype=dt)), rg(torch.randn(n, dtype=dt)), signs(n, dtype=dt)],
                      {"reduction": red, "margin": 0.3})
        s.add(f"mr_{tag}_2d_bcast", fn, [rg(torch.randn(4, 1, dtype=dt)), rg(torch.randn(1, 5, dtype=dt)), signs(4, 5, dtype=dt)])
        s.add(f"mr_{tag}_target_grad", fn, [rg(torch.randn(6, dtype=dt)), rg(torch.randn(6, dtype=dt)), rg(torch.randn(6, dtype=dt))], {"margin": -0.2})
    # integer-valued inputs: -y(x1 - x2) + margin lands on 0 (the gradient passes at the boundary)
    s.add("mr_boundary", fn, [rg(torch.tensor([1., 2, 3, 0])), rg(torch.tensor([2., 2, 1, 1])), torch.tensor([1., 1, -1, -1])], {"margin": 1.0, "reduction": "none"})
    s.add("mr_positional_margin", fn, [rg(torch.randn(5)), rg(torch.randn(5)), signs(5), 0.5, None, None, "sum"])
    s.add("mr_int_target", fn, [rg(torch.randn(5)), rg(torch.randn(5)), signs(5, dtype=I64)])
    s.add("mr_all_int", fn, [torch.tensor([3, -1, 2]), torch.tensor([1, 1, 5]), torch.tensor([1, -1, 1])], {"margin": 0.5, "reduction": "none"})
    s.add("mr_mixed_dtypes", fn, [rg(torch.randn(5)), rg(torch.randn(5, dtype=F64)), signs(5)])
    s.add("mr_0d", fn, [rg(torch.tensor(0.3)), rg(torch.tensor(-0.2)), torch.tensor(-1.)], {"reduction": "none"})
    for i, kw in enumerate(LEGACY):
        s.add(f"mr_legacy{i}", fn, [rg(torch.randn(5)), rg(torch.randn(5)), signs(5)], kw)
    err(s, "mr_dims", fn, [torch.randn(5), torch.randn(5), torch.ones(5, 1)])
    err(s, "mr_dims0", fn, [torch.randn(5), torch.randn(()), torch.ones(5)])
    err(s, "mr_int_input", fn, [3, torch.randn(5), torch.ones(5)])
    err(s, "mr_int_target_value", fn, [torch.randn(5), torch.randn(5), 1])
    err(s, "mr_margin_str", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], margin="x")
    err(s, "mr_margin_str_bad_reduction", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], margin="x", reduction="q")
    err(s, "mr_margin_none", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], margin=None)
    err(s, "mr_bool_target", fn, [torch.randn(5), torch.randn(5), torch.ones(5) > 0])
    err(s, "mr_bad_broadcast", fn, [torch.randn(5), torch.randn(3), torch.ones(5)])
    err(s, "mr_bad_reduction", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], reduction="xyz")
    err(s, "mr_reduction_int", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], reduction=5)
    err(s, "mr_too_many", fn, [torch.randn(5), torch.randn(5), torch.ones(5), 0.0, None, None, "mean", 1])
    err(s, "mr_unexpected_kw", fn, [torch.randn(5), torch.randn(5), torch.ones(5)], beta=1)
    err(s, "mr_missing", fn, [torch.randn(5), torch.randn(5)])


def hinge(s):
    fn = "hinge_embedding_loss"
    for dt, tag in DTYPES:
        for shape in ((4, 6), (0, 3), (9,)):
            for red in REDUCTIONS:
                cid = f"he_{tag}_{'x'.join(map(str, shape))}_{red}"
                s.add(cid, fn, [rg(torch.randn(shape, dtype=dt) * 2), signs(*shape, dtype=dt)], {"reduction": red, "margin": 0.8})
        s.add(f"he_{tag}_target_grad", fn, [rg(torch.randn(5, dtype=dt)), rg(signs(5, dtype=dt))])
    s.add("he_other_targets", fn, [rg(torch.randn(6)), torch.tensor([0., 2, 1, -1, 3, -1])], {"reduction": "none"})
    s.add("he_boundary", fn, [rg(torch.tensor([1., 0.5, 2, -1])), torch.tensor([-1., -1, -1, 1])], {"reduction": "none"})
    s.add("he_broadcast_target", fn, [rg(torch.randn(5)), signs(5, 1)], {"reduction": "none"})
    s.add("he_f64_target", fn, [rg(torch.randn(5)), signs(5, dtype=F64)])
    s.add("he_int_none", fn, [torch.tensor([3, -1, 0, 2, 1]), torch.tensor([1, -1, -1, 1, -1])], {"reduction": "none"}, exact=True)
    s.add("he_positional", fn, [rg(torch.randn(5)), signs(5), 2.0, None, False])
    for i, kw in enumerate(LEGACY):
        s.add(f"he_legacy{i}", fn, [rg(torch.randn(5)), signs(5)], kw)
    err(s, "he_int_mean", fn, [torch.tensor([3, -1, 0]), torch.tensor([1, -1, -1])])
    err(s, "he_margin_str", fn, [torch.randn(5), signs(5)], margin="s")
    err(s, "he_input_int", fn, [3, signs(5)])
    err(s, "he_bad_reduction", fn, [torch.randn(5), signs(5)], reduction="avg")
    err(s, "he_bad_broadcast", fn, [torch.randn(5), signs(3)])


def soft_margin(s):
    fn = "soft_margin_loss"
    for dt, tag in DTYPES:
        for shape in ((3, 5), (0, 4), (7,), ()):
            for red in REDUCTIONS:
                cid = f"sm_{tag}_{'x'.join(map(str, shape)) or 'scalar'}_{red}"
                s.add(cid, fn, [rg(torch.randn(shape, dtype=dt) * 3), signs(*shape, dtype=dt)], {"reduction": red})
        s.add(f"sm_{tag}_large", fn, [rg(torch.randn(50, dtype=dt) * 30), signs(50, dtype=dt)], {"reduction": "none"})
    s.add("sm_soft_targets", fn, [rg(torch.randn(4, 3)), torch.randn(4, 3)])
    s.add("sm_broadcast_target", fn, [rg(torch.randn(4, 3)), signs(3)])
    s.add("sm_f64_target", fn, [rg(torch.randn(4, 3)), torch.randn(4, 3, dtype=F64)])
    s.add("sm_f32_target_f64_input", fn, [rg(torch.randn(4, 3, dtype=F64)), torch.randn(4, 3)], {"reduction": "none"})
    s.add("sm_int_target", fn, [rg(torch.randn(6)), signs(6, dtype=I64)])
    for i, kw in enumerate(LEGACY):
        s.add(f"sm_legacy{i}", fn, [rg(torch.randn(5)), signs(5)], kw)
    err(s, "sm_target_grad", fn, [rg(torch.randn(3)), rg(signs(3))])
    err(s, "sm_int_input", fn, [torch.tensor([1, 2]), torch.tensor([1, -1])])
    err(s, "sm_int_input_f64_target", fn, [torch.tensor([1, 2]), torch.tensor([1., -1], dtype=F64)])
    err(s, "sm_broadcast_input", fn, [torch.randn(4), torch.randn(3, 4)])
    err(s, "sm_bad_broadcast", fn, [torch.randn(4), torch.randn(3)])
    err(s, "sm_bad_reduction", fn, [torch.randn(4), torch.randn(4)], reduction="xyz")
    err(s, "sm_reduction_none_value", fn, [torch.randn(4), torch.randn(4)], reduction=None)
    err(s, "sm_input_int", fn, [3, torch.randn(4)])
    err(s, "sm_target_list", fn, [torch.randn(4), [1.0]])


def multilabel_soft_margin(s):
    fn = "multilabel_soft_margin_loss"
    for dt, tag in DTYPES:
        for shape in ((4, 5), (0, 3), (6,), (2, 3, 4)):
            for red in REDUCTIONS:
                cid = f"mlsm_{tag}_{'x'.join(map(str, shape))}_{red}"
                s.add(cid, fn, [rg(torch.randn(shape, dtype=dt) * 2), torch.randint(0, 2, shape).to(dt)], {"reduction": red})
            s.add(f"mlsm_{tag}_{'x'.join(map(str, shape))}_weight", fn,
                  [rg(torch.randn(shape, dtype=dt)), torch.randint(0, 2, shape).to(dt)], {"weight": torch.rand(shape[-1], dtype=dt)})
        s.add(f"mlsm_{tag}_weight_grad", fn, [rg(torch.randn(3, 4, dtype=dt)), rg(torch.rand(3, 4, dtype=dt))], {"weight": torch.rand(4, dtype=dt)})
    s.add("mlsm_int_target", fn, [rg(torch.randn(3, 4)), torch.randint(0, 2, (3, 4))])
    s.add("mlsm_number_target", fn, [rg(torch.randn(3, 4)), 1.0])
    s.add("mlsm_broadcast_target", fn, [rg(torch.randn(3, 4)), torch.randint(0, 2, (4,)).float()], {"reduction": "none"})
    s.add("mlsm_weight_2d", fn, [rg(torch.randn(3, 4)), torch.randint(0, 2, (3, 4)).float()], {"weight": torch.rand(3, 1)})
    for i, kw in enumerate(LEGACY):
        s.add(f"mlsm_legacy{i}", fn, [rg(torch.randn(3, 4)), torch.randint(0, 2, (3, 4)).float()], kw)
    err(s, "mlsm_bad_reduction", fn, [torch.randn(3, 4), torch.ones(3, 4)], reduction="xyz")
    err(s, "mlsm_reduction_int", fn, [torch.randn(3, 4), torch.ones(3, 4)], reduction=5)
    err(s, "mlsm_0d", fn, [torch.tensor(0.5), torch.tensor(1.0)])
    err(s, "mlsm_int_input", fn, [torch.tensor([[1, 2]]), torch.ones(1, 2)])
    err(s, "mlsm_input_int", fn, [3, torch.ones(1, 2)])
    err(s, "mlsm_weight_size", fn, [torch.randn(3, 4), torch.ones(3, 4)], weight=torch.rand(3))
    err(s, "mlsm_too_many", fn, [torch.randn(3, 4), torch.ones(3, 4), None, None, None, "mean", 1])


def cosine_embedding(s):
    fn = "cosine_embedding_loss"
    for dt, tag in DTYPES:
        for n in (5, 0):
            for red in REDUCTIONS:
                s.add(f"ce_{tag}_n{n}_{red}", fn, [rg(torch.randn(n, 4, dtype=dt)), rg(torch.randn(n, 4, dtype=dt)), signs(n, dtype=dt)],
                      {"reduction": red, "margin": 0.2})
        s.add(f"ce_{tag}_0d_target", fn, [rg(torch.randn(6, dtype=dt)), rg(torch.randn(6, dtype=dt)), torch.tensor(-1., dtype=dt)], {"margin": -0.5})
        s.add(f"ce_{tag}_0d_target_pos", fn, [rg(torch.randn(6, dtype=dt)), rg(torch.randn(6, dtype=dt)), torch.tensor(1., dtype=dt)], {"reduction": "none"})
    s.add("ce_other_targets", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), torch.tensor([0., 2, -1])], {"reduction": "none"})
    s.add("ce_int_target", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), torch.tensor([1, -1, 1])], {"reduction": "none"})
    s.add("ce_int_inputs", fn, [torch.tensor([[1, 2], [3, 0]]), torch.tensor([[2, 2], [-1, 5]]), torch.tensor([1, -1])])
    s.add("ce_zero_vectors", fn, [rg(torch.zeros(2, 3)), rg(torch.zeros(2, 3)), torch.tensor([1., -1])])
    s.add("ce_empty_features", fn, [torch.zeros(2, 0), torch.zeros(2, 0), torch.ones(2)])
    s.add("ce_broadcast_rows", fn, [rg(torch.randn(1, 4)), rg(torch.randn(3, 4)), signs(3)])
    s.add("ce_mixed_dtypes", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4, dtype=F64)), signs(3)])
    s.add("ce_target_grad", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), rg(signs(3))])
    for i, kw in enumerate(LEGACY):
        s.add(f"ce_legacy{i}", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), signs(3)], kw)
    err(s, "ce_2d_target", fn, [torch.randn(3, 4), torch.randn(3, 4), torch.ones(3, 1)])
    err(s, "ce_1d_target_1d_inputs", fn, [torch.randn(4), torch.randn(4), torch.ones(3)])
    err(s, "ce_0d_target_2d_inputs", fn, [torch.randn(3, 4), torch.randn(3, 4), torch.tensor(1.)])
    err(s, "ce_size_mismatch", fn, [torch.randn(3, 4), torch.randn(2, 4), torch.ones(3)])
    err(s, "ce_target_mismatch", fn, [torch.randn(3, 4), torch.randn(3, 4), torch.ones(2)], reduction="none")
    err(s, "ce_margin_str", fn, [torch.randn(3, 4), torch.randn(3, 4), torch.ones(3)], margin="s")
    err(s, "ce_input_int", fn, [torch.randn(3, 4), 2, torch.ones(3)])
    err(s, "ce_bad_reduction", fn, [torch.randn(3, 4), torch.randn(3, 4), torch.ones(3)], reduction="xyz")


def triplet(s):
    fn = "triplet_margin_loss"
    for dt, tag in DTYPES:
        for n in (6, 0):
            for red in REDUCTIONS:
                s.add(f"tm_{tag}_n{n}_{red}", fn, [rg(torch.randn(n, 5, dtype=dt)), rg(torch.randn(n, 5, dtype=dt)), rg(torch.randn(n, 5, dtype=dt))],
                      {"reduction": red})
        for p in (1.0, 3.0, 0.5):
            s.add(f"tm_{tag}_p{p}", fn, [rg(torch.randn(4, 3, dtype=dt)), rg(torch.randn(4, 3, dtype=dt)), rg(torch.randn(4, 3, dtype=dt))],
                  {"p": p, "reduction": "none"})
        s.add(f"tm_{tag}_swap", fn, [rg(torch.randn(8, 3, dtype=dt)), rg(torch.randn(8, 3, dtype=dt)), rg(torch.randn(8, 3, dtype=dt))],
              {"swap": True, "margin": 2.0, "reduction": "none"})
    s.add("tm_1d", fn, [rg(torch.randn(5)), rg(torch.randn(5)), rg(torch.randn(5))], {"reduction": "none"})
    s.add("tm_3d", fn, [rg(torch.randn(2, 3, 4)), rg(torch.randn(2, 3, 4)), rg(torch.randn(2, 3, 4))], {"eps": 1e-3})
    s.add("tm_broadcast", fn, [rg(torch.randn(4, 5)), rg(torch.randn(1, 5)), rg(torch.randn(4, 5))], {"reduction": "none"})
    s.add("tm_int", fn, [torch.tensor([[1, 2], [0, 3]]), torch.tensor([[0, 2], [1, 1]]), torch.tensor([[4, 2], [0, 0]])])
    s.add("tm_positional", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), 0.5, 1, 1e-4, True])
    for i, kw in enumerate(LEGACY):
        s.add(f"tm_legacy{i}", fn, [rg(torch.randn(3, 4)), rg(torch.randn(3, 4)), rg(torch.randn(3, 4))], kw)
    err(s, "tm_dims", fn, [torch.randn(4, 5), torch.randn(5), torch.randn(4, 5)])
    err(s, "tm_swap_str", fn, [torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)], swap="x")
    err(s, "tm_p_str", fn, [torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)], p="x")
    err(s, "tm_nontensor", fn, [torch.randn(4, 5), 1, torch.randn(4, 5)])
    err(s, "tm_bad_reduction", fn, [torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)], reduction="xyz")


def multi_margin(s):
    fn = "multi_margin_loss"
    for dt, tag in DTYPES:
        for p in (1, 2):
            for red in REDUCTIONS:
                n, c = 6, 5
                s.add(f"mm_{tag}_p{p}_{red}", fn, [rg(torch.randn(n, c, dtype=dt)), torch.randint(0, c, (n,))], {"p": p, "reduction": red, "margin": 0.7})
                s.add(f"mm_{tag}_p{p}_{red}_weight", fn, [rg(torch.randn(n, c, dtype=dt)), torch.randint(0, c, (n,))],
                      {"p": p, "reduction": red, "weight": torch.rand(c, dtype=dt) * 2})
        s.add(f"mm_{tag}_empty_none", fn, [rg(torch.randn(0, 4, dtype=dt)), torch.zeros(0, dtype=I64)], {"reduction": "none"})
        s.add(f"mm_{tag}_1d", fn, [rg(torch.randn(7, dtype=dt)), torch.tensor([3])])
        s.add(f"mm_{tag}_1d_none", fn, [rg(torch.randn(7, dtype=dt)), torch.tensor([3])], {"reduction": "none"})
        s.add(f"mm_{tag}_1d_none_0d_target", fn, [rg(torch.randn(7, dtype=dt)), torch.tensor(2)], {"reduction": "none", "p": 2})
        s.add(f"mm_{tag}_0d", fn, [rg(torch.tensor(0.5, dtype=dt)), torch.tensor(0)], {"reduction": "none"})
        s.add(f"mm_{tag}_big", fn, [rg(torch.randn(40, 10, dtype=dt) * 0.3), torch.randint(0, 10, (40,))], {"margin": 1.5})
    s.add("mm_boundary", fn, [rg(torch.tensor([[1., 0, 2, 1], [0, 0, 0, 0]])), torch.tensor([0, 3])], {"reduction": "none"})
    s.add("mm_long_weight", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], {"weight": torch.rand(6)})
    s.add("mm_margin_int", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], {"margin": 2})
    s.add("mm_margin_0d_tensor", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], {"margin": torch.tensor(0.25)})
    s.add("mm_p_float", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], {"p": 2.0})
    s.add("mm_p_true", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], {"p": True})
    s.add("mm_nan", fn, [rg(torch.tensor([[float("nan"), 1.0, 0.5], [0.2, float("nan"), 0.1]])), torch.tensor([0, 2])], {"reduction": "none"})
    s.add("mm_positional", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1]), 2, 0.5, torch.rand(4), None, None, "sum"])
    for i, kw in enumerate(LEGACY):
        s.add(f"mm_legacy{i}", fn, [rg(torch.randn(3, 4)), torch.tensor([0, 3, 1])], kw)
    x, t = torch.randn(3, 4), torch.tensor([0, 3, 1])
    err(s, "mm_p3", fn, [x, t], p=3)
    err(s, "mm_p_str", fn, [x, t], p="a")
    err(s, "mm_p_bad_reduction", fn, [x, t], p=3, reduction="xyz")
    err(s, "mm_weight_2d", fn, [x, t], weight=torch.ones(2, 2))
    err(s, "mm_weight_list", fn, [x, t], weight=[1.0, 2.0])
    err(s, "mm_weight_grad", fn, [x, t], weight=torch.ones(4, requires_grad=True))
    err(s, "mm_weight_f64", fn, [x, t], weight=torch.ones(4, dtype=F64))
    err(s, "mm_weight_int", fn, [x, t], weight=torch.ones(4, dtype=I64))
    err(s, "mm_target_oor", fn, [x, torch.tensor([0, 4, 1])])
    err(s, "mm_target_neg", fn, [x, torch.tensor([0, -1, 1])])
    err(s, "mm_target_float", fn, [x, torch.tensor([0., 1, 1])])
    err(s, "mm_target_size", fn, [x, torch.tensor([0, 1])])
    err(s, "mm_target_2d", fn, [x, torch.tensor([[0, 1, 1]])])
    err(s, "mm_input_3d", fn, [x.view(3, 2, 2), t])
    err(s, "mm_input_no_classes", fn, [torch.zeros(3, 0), t])
    err(s, "mm_int_input", fn, [torch.zeros(3, 4, dtype=I64), t])
    err(s, "mm_f64_input_f32_weight", fn, [x.double(), t], weight=torch.ones(4))
    err(s, "mm_margin_str", fn, [x, t], margin="a")
    err(s, "mm_input_int", fn, [3, t])
    err(s, "mm_bad_reduction", fn, [x, t], reduction="xyz")


def multilabel_targets(n, c):
    """Each row: some distinct labels, then -1, then values the kernel must not read (still in [-1, c))."""
    rows = []
    for _ in range(n):
        k = int(torch.randint(0, c + 1, ()))
        labels = torch.randperm(c)[:k].tolist()
        rest = torch.randint(-1, c, (c - k,)).tolist()
        if k < c:
            rest[0] = -1
        rows.append(labels + rest)
    return torch.tensor(rows, dtype=I64).reshape(n, c)


def multilabel_margin(s):
    fn = "multilabel_margin_loss"
    for dt, tag in DTYPES:
        for red in REDUCTIONS:
            s.add(f"mlm_{tag}_{red}", fn, [rg(torch.randn(7, 5, dtype=dt)), multilabel_targets(7, 5)], {"reduction": red})
        s.add(f"mlm_{tag}_empty_none", fn, [rg(torch.randn(0, 4, dtype=dt)), torch.zeros(0, 4, dtype=I64)], {"reduction": "none"})
        s.add(f"mlm_{tag}_1d", fn, [rg(torch.randn(6, dtype=dt)), torch.tensor([3, 0, -1, 5, 5, 1])])
        s.add(f"mlm_{tag}_1d_none", fn, [rg(torch.randn(6, dtype=dt)), torch.tensor([3, 0, -1, 5, 5, 1])], {"reduction": "none"})
        s.add(f"mlm_{tag}_0d", fn, [rg(torch.tensor(0.5, dtype=dt)), torch.tensor(0)], {"reduction": "none"})
        s.add(f"mlm_{tag}_big", fn, [rg(torch.randn(30, 12, dtype=dt) * 0.5), multilabel_targets(30, 12)], {"reduction": "sum"})
    s.add("mlm_duplicates", fn, [rg(torch.randn(2, 4)), torch.tensor([[1, 1, 2, -1], [3, 3, 3, 3]])], {"reduction": "none"})
    s.add("mlm_all_targets", fn, [rg(torch.randn(2, 3)), torch.tensor([[0, 1, 2], [2, 1, 0]])])
    s.add("mlm_no_targets", fn, [rg(torch.randn(2, 3)), torch.tensor([[-1, 1, 2], [-1, -1, -1]])])
    s.add("mlm_boundary", fn, [rg(torch.tensor([[1., 0, 2, 1]])), torch.tensor([[0, -1, 0, 0]])], {"reduction": "none"})
    s.add("mlm_one_row_none", fn, [rg(torch.randn(1, 4)), multilabel_targets(1, 4)], {"reduction": "none"})
    for i, kw in enumerate(LEGACY):
        s.add(f"mlm_legacy{i}", fn, [rg(torch.randn(3, 4)), multilabel_targets(3, 4)], kw)
    x, t = torch.randn(3, 4), multilabel_targets(3, 4)
    err(s, "mlm_target_oor", fn, [x, torch.tensor([[0, 4, -1, 1]] * 3)])
    err(s, "mlm_target_m2", fn, [x, torch.tensor([[0, -2, -1, 1]] * 3)])
    err(s, "mlm_target_float", fn, [x, t.float()])
    err(s, "mlm_target_rows", fn, [x, t[:2]])
    err(s, "mlm_target_1d", fn, [x, t[0]])
    err(s, "mlm_1d_input_2d_target", fn, [x[0], t[:1]])
    err(s, "mlm_input_3d", fn, [x.view(3, 2, 2), t])
    err(s, "mlm_input_no_classes", fn, [torch.zeros(3, 0), torch.zeros(3, 0, dtype=I64)])
    err(s, "mlm_int_input", fn, [torch.zeros(3, 4, dtype=I64), t])
    err(s, "mlm_input_int", fn, [3, t])
    err(s, "mlm_target_int", fn, [x, 3])
    err(s, "mlm_bad_reduction", fn, [x, t], reduction="xyz")


# ---- modules ----

def jsval(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": tspec(v)}
    return v


MODULES = [
    ("MarginRankingLoss", {}, "pair"), ("MarginRankingLoss", {"margin": 0.5, "reduction": "sum"}, "pair"),
    ("MarginRankingLoss", {"size_average": False}, "pair"),
    ("HingeEmbeddingLoss", {}, "signed"), ("HingeEmbeddingLoss", {"margin": 2.0, "reduce": False}, "signed"),
    ("SoftMarginLoss", {}, "signed"), ("SoftMarginLoss", {"reduction": "none"}, "signed"),
    ("MultiLabelSoftMarginLoss", {}, "binary"), ("MultiLabelSoftMarginLoss", {"weight": "w4", "reduction": "sum"}, "binary"),
    ("CosineEmbeddingLoss", {}, "pair"), ("CosineEmbeddingLoss", {"margin": 0.2, "reduction": "none"}, "pair"),
    ("TripletMarginLoss", {}, "triplet"), ("TripletMarginLoss", {"margin": 0.5, "p": 1.0, "eps": 1e-3, "swap": True}, "triplet"),
    ("MultiMarginLoss", {}, "classes"), ("MultiMarginLoss", {"p": 2, "margin": 0.5, "weight": "w4", "reduction": "none"}, "classes"),
    ("MultiLabelMarginLoss", {}, "labels"), ("MultiLabelMarginLoss", {"size_average": False, "reduce": True}, "labels"),
]


def module_case(name, kw, kind):
    kw = {k: (torch.rand(4) + 0.5 if v == "w4" else v) for k, v in kw.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = getattr(nn, name)(**kw)
    x = torch.randn(3, 4, requires_grad=True)
    if kind == "pair":
        others = [torch.randn(3, 4), signs(3)] if name.startswith("Cosine") else [torch.randn(3, 4), signs(3, 4)]
    elif kind == "signed":
        others = [signs(3, 4)]
    elif kind == "binary":
        others = [torch.randint(0, 2, (3, 4)).float()]
    elif kind == "triplet":
        others = [torch.randn(3, 4), torch.randn(3, 4)]
    elif kind == "classes":
        others = [torch.randint(0, 4, (3,))]
    else:
        others = [multilabel_targets(3, 4)]
    y = m(x, *others)
    go = torch.randn(y.shape)
    (y * go).sum().backward()
    attrs = {a: getattr(m, a) for a in ("margin", "p", "eps", "swap") if hasattr(m, a)}
    return {"module": name, "kw": {k: jsval(v) for k, v in kw.items()}, "repr": repr(m), "reduction": m.reduction, "attrs": attrs,
            "state_dict": list(m.state_dict().keys()), "input": tspec(x), "others": [tspec(o) for o in others],
            "output": tspec(y), "grad_output": tspec(go), "grad": tspec(x.grad), "grad_fn": y.grad_fn.name()}


def raised(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f()
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "message": str(e).split("\nException raised from")[0]}
    raise AssertionError("no error")


MODULE_ERRORS = {
    "multimargin_p3": lambda: nn.MultiMarginLoss(p=3),
    "multimargin_weight_2d": lambda: nn.MultiMarginLoss(weight=torch.ones(2, 2)),
    "multimargin_weight_int": lambda: nn.MultiMarginLoss(weight=3),
    "marginranking_kw": lambda: nn.MarginRankingLoss(foo=1),
    "marginranking_too_many": lambda: nn.MarginRankingLoss(0.0, None, None, "mean", 1),
    "marginranking_forward_missing": lambda: nn.MarginRankingLoss()(torch.zeros(2), torch.zeros(2)),
    "triplet_forward_missing": lambda: nn.TripletMarginLoss()(torch.zeros(2)),
    "softmargin_positional": lambda: nn.SoftMarginLoss(None, None, "sum", 3),
    "cosine_forward_kw": lambda: nn.CosineEmbeddingLoss()(torch.zeros(2, 2), torch.zeros(2, 2), target=torch.ones(2), foo=1),
    "multilabelmargin_bad_reduction": lambda: nn.MultiLabelMarginLoss(reduction="avg")(torch.zeros(2, 2), torch.zeros(2, 2, dtype=I64)),
}


def modules():
    torch.manual_seed(11)
    cases = [module_case(*m) for m in MODULES]
    return {"generator": GENERATOR, "replayed_by": "test/nn_losses_margin.test.mjs", "modules": cases,
            "errors": {k: raised(f) for k, f in MODULE_ERRORS.items()}}


def main():
    torch.manual_seed(2024)
    s = Suite("cases_losses_margin.json", record_grad_fn=True)
    for part in (margin_ranking, hinge, soft_margin, multilabel_soft_margin, cosine_embedding, triplet, multi_margin, multilabel_margin):
        part(s)
    path, n, size = s.write(FIXTURES)
    print(f"{path}: {n} cases, {size} bytes")
    path = os.path.join(FIXTURES, "nn_losses_margin.json")
    with open(path, "w") as f:
        json.dump(modules(), f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
