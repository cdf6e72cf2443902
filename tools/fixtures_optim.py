"""optim_cases.json: optimizers and LR schedulers, in the format of /work/shared/conformance/run_optim.mjs.

optimizer case: two parameters of different shapes, a gradient per step set by hand, the parameters after
each opt.step(). scheduler case: a zero parameter, SGD(lr), then per epoch opt.step(); sched.step() and
the learning rate of param_groups[0].
"""
import torch

from fixtures_common import Suite

F32, F64 = torch.float32, torch.float64
SHAPES = [[2, 3], [4]]


class OptimSuite(Suite):
    """Optimizer and scheduler cases (run_optim.mjs's format); Suite's file writing."""

    def _id(self, cid):
        if cid in self.ids:
            raise ValueError(f"duplicate case id {cid}")
        self.ids.add(cid)
        return cid

    def optimizer(self, cid, name, options, dtype, steps=4, grad_scale=1.0):
        params = [torch.randn(*sh, dtype=F64).to(dtype).requires_grad_(True) for sh in SHAPES]
        start = [p.detach().reshape(-1).tolist() for p in params]
        opt = getattr(torch.optim, name)(params, **options)
        grads, after = [], []
        for _ in range(steps):
            g = [(torch.randn(*sh, dtype=F64) * grad_scale).to(dtype) for sh in SHAPES]
            for p, gi in zip(params, g):
                p.grad = gi.clone()
            opt.step()
            grads.append([gi.reshape(-1).tolist() for gi in g])
            after.append([p.detach().reshape(-1).tolist() for p in params])
        self.cases.append({
            "id": self._id(cid), "kind": "optimizer", "optimizer": name,
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()},
            "dtype": {F32: "float32", F64: "float64"}[dtype], "shapes": SHAPES,
            "start": start, "grads": grads, "after": after,
        })

    def scheduler(self, cid, name, options, lr, epochs=10):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr)
        sched = getattr(torch.optim.lr_scheduler, name)(opt, **options)
        lrs = []
        for _ in range(epochs):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        self.cases.append({"id": self._id(cid), "kind": "scheduler", "scheduler": name, "options": options, "lr": lr, "lrs": lrs})


def build():
    torch.manual_seed(1306)
    s = OptimSuite("optim_cases.json")
    configs = [
        ("sgd_plain", "SGD", {"lr": 0.1}),
        ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
        ("sgd_momentum_dampening", "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}),
        ("sgd_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
        ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.01}),
        ("sgd_all", "SGD", {"lr": 0.03, "momentum": 0.5, "dampening": 0.1, "weight_decay": 0.05}),
        ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.02, "momentum": 0.7, "nesterov": True, "weight_decay": 0.1}),
        ("adam_default", "Adam", {}),
        ("adam_lr", "Adam", {"lr": 0.01}),
        ("adam_betas_eps", "Adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6}),
        ("adam_weight_decay", "Adam", {"lr": 0.01, "weight_decay": 0.1}),
        ("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True}),
        ("adam_all", "Adam", {"lr": 0.005, "betas": (0.5, 0.9), "eps": 1e-4, "weight_decay": 0.2, "amsgrad": True}),
        ("adamw_default", "AdamW", {}),
        ("adamw_lr", "AdamW", {"lr": 0.01}),
        ("adamw_betas_eps", "AdamW", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6}),
        ("adamw_weight_decay", "AdamW", {"lr": 0.01, "weight_decay": 0.3}),
        ("adamw_amsgrad", "AdamW", {"lr": 0.01, "amsgrad": True}),
        ("adamw_all", "AdamW", {"lr": 0.005, "betas": (0.5, 0.9), "eps": 1e-4, "weight_decay": 0.2, "amsgrad": True}),
        ("adadelta_default", "Adadelta", {}),
        ("adadelta_lr", "Adadelta", {"lr": 0.5}),
        ("adadelta_rho_eps", "Adadelta", {"lr": 1.0, "rho": 0.5, "eps": 1e-3}),
        ("adadelta_weight_decay", "Adadelta", {"lr": 1.0, "weight_decay": 0.1}),
        ("adadelta_all", "Adadelta", {"lr": 0.7, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.05}),
    ]
    for cid, name, opts in configs:
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.optimizer(f"{cid}_{tag}", name, opts, dt, steps=4)
    s.optimizer("sgd_momentum_5_steps_f32", "SGD", {"lr": 0.1, "momentum": 0.9}, F32, steps=5)
    s.optimizer("adam_3_steps_f64", "Adam", {"lr": 0.1}, F64, steps=3)
    s.optimizer("adam_small_grads_f32", "Adam", {"lr": 0.01}, F32, steps=5, grad_scale=1e-4)
    s.optimizer("adadelta_large_grads_f64", "Adadelta", {"lr": 1.0}, F64, steps=5, grad_scale=100.0)

    s.scheduler("steplr", "StepLR", {"step_size": 2, "gamma": 0.5}, 1.0)
    s.scheduler("steplr_default_gamma", "StepLR", {"step_size": 3}, 0.1, epochs=10)
    s.scheduler("steplr_mnist", "StepLR", {"step_size": 1, "gamma": 0.7}, 1.0, epochs=14)
    s.scheduler("steplr_step1_gamma0.9", "StepLR", {"step_size": 1, "gamma": 0.9}, 0.05)
    s.scheduler("exponentiallr", "ExponentialLR", {"gamma": 0.9}, 0.1)
    s.scheduler("exponentiallr_0.5", "ExponentialLR", {"gamma": 0.5}, 1.0, epochs=12)
    s.scheduler("exponentiallr_gamma1", "ExponentialLR", {"gamma": 1.0}, 0.3)
    s.scheduler("cosine_tmax10", "CosineAnnealingLR", {"T_max": 10}, 0.1)
    s.scheduler("cosine_tmax10_eta_min", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.01}, 0.1)
    s.scheduler("cosine_tmax4_past_end", "CosineAnnealingLR", {"T_max": 4}, 1.0, epochs=12)
    s.scheduler("cosine_tmax3_eta_min_past_end", "CosineAnnealingLR", {"T_max": 3, "eta_min": 0.05}, 0.5, epochs=10)
    s.scheduler("cosine_tmax1", "CosineAnnealingLR", {"T_max": 1, "eta_min": 0.001}, 0.1, epochs=6)
    s.scheduler("cosine_tmax7", "CosineAnnealingLR", {"T_max": 7, "eta_min": 0.0}, 2.0, epochs=10)

    # RMSprop, Adagrad and more schedulers: a seed of their own, so the cases above stay as they were
    torch.manual_seed(1307)
    more = [
        ("rmsprop_default", "RMSprop", {}),
        ("rmsprop_lr", "RMSprop", {"lr": 0.001}),
        ("rmsprop_alpha_eps", "RMSprop", {"lr": 0.02, "alpha": 0.9, "eps": 1e-4}),
        ("rmsprop_weight_decay", "RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
        ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
        ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
        ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
        ("rmsprop_maximize", "RMSprop", {"lr": 0.01, "maximize": True}),
        ("rmsprop_momentum_weight_decay_maximize", "RMSprop", {"lr": 0.005, "momentum": 0.7, "weight_decay": 0.05, "maximize": True}),
        ("rmsprop_all", "RMSprop", {"lr": 0.003, "alpha": 0.95, "eps": 1e-6, "weight_decay": 0.2, "momentum": 0.8,
                                    "centered": True, "foreach": False, "maximize": True}),
        ("rmsprop_alpha0", "RMSprop", {"lr": 0.01, "alpha": 0.0}),
        ("adagrad_default", "Adagrad", {}),
        ("adagrad_lr", "Adagrad", {"lr": 0.1}),
        ("adagrad_lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.3}),
        ("adagrad_weight_decay", "Adagrad", {"lr": 0.05, "weight_decay": 0.1}),
        ("adagrad_initial_accumulator_value", "Adagrad", {"lr": 0.05, "initial_accumulator_value": 0.7}),
        ("adagrad_eps", "Adagrad", {"lr": 0.05, "eps": 1e-3}),
        ("adagrad_maximize", "Adagrad", {"lr": 0.05, "maximize": True}),
        ("adagrad_all", "Adagrad", {"lr": 0.2, "lr_decay": 0.01, "weight_decay": 0.03, "initial_accumulator_value": 0.1,
                                    "eps": 1e-8, "foreach": False, "maximize": True}),
    ]
    for cid, name, opts in more:
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.optimizer(f"{cid}_{tag}", name, opts, dt, steps=4)
    # foreach=True: _multi_tensor_rmsprop / _multi_tensor_adagrad (Adagrad's clr in float32 tensor ops)
    torch.manual_seed(1308)
    foreach = [
        ("rmsprop_foreach_weight_decay", "RMSprop", {"lr": 0.01, "weight_decay": 0.1, "foreach": True}),
        ("rmsprop_foreach_all", "RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.1, "maximize": True, "foreach": True}),
        ("adagrad_foreach", "Adagrad", {"lr": 0.1, "foreach": True}),
        ("adagrad_foreach_lr_decay_weight_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "foreach": True}),
        ("adagrad_foreach_all", "Adagrad", {"lr": 0.3, "lr_decay": 0.07, "weight_decay": 0.05, "initial_accumulator_value": 0.1,
                                            "eps": 1e-6, "maximize": True, "foreach": True}),
    ]
    for cid, name, opts in foreach:
        for dt, tag in ((F32, "f32"), (F64, "f64")):
            s.optimizer(f"{cid}_{tag}", name, opts, dt, steps=5)
    s.optimizer("rmsprop_centered_momentum_small_grads_f32", "RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True}, F32, steps=6, grad_scale=1e-3)
    s.optimizer("rmsprop_large_grads_f64", "RMSprop", {"lr": 0.01, "centered": True}, F64, steps=5, grad_scale=100.0)
    s.optimizer("adagrad_lr_decay_8_steps_f32", "Adagrad", {"lr": 0.1, "lr_decay": 0.05}, F32, steps=8)
    s.optimizer("adagrad_small_grads_f32", "Adagrad", {"lr": 0.01, "initial_accumulator_value": 0.01}, F32, steps=5, grad_scale=1e-4)

    s.scheduler("multisteplr", "MultiStepLR", {"milestones": [2, 5, 8], "gamma": 0.5}, 1.0, epochs=10)
    s.scheduler("multisteplr_default_gamma", "MultiStepLR", {"milestones": [3, 6]}, 0.1, epochs=8)
    s.scheduler("multisteplr_repeated_unsorted", "MultiStepLR", {"milestones": [6, 3, 3], "gamma": 0.7}, 0.3, epochs=9)
    s.scheduler("constantlr_default", "ConstantLR", {}, 0.1, epochs=8)
    s.scheduler("constantlr_factor", "ConstantLR", {"factor": 0.5, "total_iters": 4}, 0.05, epochs=8)
    s.scheduler("constantlr_factor1", "ConstantLR", {"factor": 1.0, "total_iters": 2}, 0.3, epochs=4)
    s.scheduler("linearlr_default", "LinearLR", {}, 0.1, epochs=8)
    s.scheduler("linearlr_start", "LinearLR", {"start_factor": 0.5, "total_iters": 4}, 0.05, epochs=8)
    s.scheduler("linearlr_decay", "LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 6}, 0.2, epochs=9)
    s.scheduler("linearlr_start0.25_end0.75", "LinearLR", {"start_factor": 0.25, "end_factor": 0.75, "total_iters": 3}, 1.0, epochs=6)
    s.scheduler("onecyclelr_cos", "OneCycleLR", {"max_lr": 0.1, "total_steps": 20}, 0.01, epochs=20)
    s.scheduler("onecyclelr_linear", "OneCycleLR", {"max_lr": 1.0, "total_steps": 12, "anneal_strategy": "linear"}, 0.01, epochs=12)
    s.scheduler("onecyclelr_three_phase", "OneCycleLR", {"max_lr": 0.5, "total_steps": 15, "three_phase": True}, 0.01, epochs=15)
    s.scheduler("onecyclelr_three_phase_linear", "OneCycleLR",
                {"max_lr": 0.5, "total_steps": 16, "three_phase": True, "anneal_strategy": "linear", "pct_start": 0.25}, 0.01, epochs=16)
    s.scheduler("onecyclelr_epochs_steps", "OneCycleLR", {"max_lr": 0.2, "epochs": 3, "steps_per_epoch": 4}, 0.01, epochs=12)
    s.scheduler("onecyclelr_factors", "OneCycleLR",
                {"max_lr": 0.3, "total_steps": 10, "pct_start": 0.4, "div_factor": 10.0, "final_div_factor": 100.0,
                 "cycle_momentum": False}, 0.01, epochs=10)
    return s
