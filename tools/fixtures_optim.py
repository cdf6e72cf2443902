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
    return s
