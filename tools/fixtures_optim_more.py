"""more_optim.json: the optimizer and scheduler cases optim_cases.json's format cannot hold, replayed by
test/optim_more.test.mjs.

- lambda: LambdaLR / MultiplicativeLR with named lr_lambda functions (LAMBDAS; the test file defines the
  same functions in JavaScript), one or two parameter groups, the lr of every group after each step;
- sched: a scheduler on a given optimizer (SGD with momentum, Adam, RMSprop; one or two groups), stepped
  step() or step(epoch) (the closed form); lr and momentum (or betas[0]) of every group after each step,
  and the error a step raises (OneCycleLR past its total steps);
- plateau: ReduceLROnPlateau stepped with a sequence of metrics; lr of every group, best,
  num_bad_epochs and cooldown_counter after each step;
- state: an optimizer's state_dict after two steps (the state keys per parameter, the param_groups
  keys, the type of 'step') and its repr;
- error: a constructor (or first step) and the exception PyTorch raises, type and message.
"""
import json
import os
import warnings

import torch

from fixtures_common import GENERATOR

LAMBDAS = {
    "pow095": lambda e: 0.95 ** e,
    "step3": lambda e: 0.1 ** (e // 3),
    "warmup5": lambda e: min(1.0, (e + 1) / 5),
    "const095": lambda e: 0.95,
    "alternate": lambda e: 0.9 if e % 2 else 1.0,
}

LR_SCHED = torch.optim.lr_scheduler


def make_optimizer(spec):
    """spec: {"name", "kwargs", "groups": [group options...]} -> (optimizer, params)."""
    groups = spec.get("groups", [{}])
    params = []
    pg = []
    for g in groups:
        p = torch.zeros(2, requires_grad=True)
        params.append(p)
        pg.append({"params": [p], **g})
    return getattr(torch.optim, spec["name"])(pg, **spec.get("kwargs", {})), params


def momenta(opt):
    out = []
    for g in opt.param_groups:
        if "betas" in g:
            out.append(g["betas"][0])
        elif "momentum" in g:
            out.append(g["momentum"])
        else:
            out.append(None)
    return out


def err_of(e):
    return {"type": type(e).__name__, "message": str(e)}


class MoreSuite:
    def __init__(self):
        self.cases = []
        self.ids = set()

    def _add(self, case):
        if case["id"] in self.ids:
            raise ValueError(f"duplicate case id {case['id']}")
        self.ids.add(case["id"])
        self.cases.append(case)

    def lam(self, cid, name, lambdas, group_lrs, epochs=10):
        opt, params = make_optimizer({"name": "SGD", "kwargs": {"lr": 0.1}, "groups": [{"lr": lr} for lr in group_lrs]})
        fn = [LAMBDAS[n] for n in lambdas] if isinstance(lambdas, list) else LAMBDAS[lambdas]
        s = getattr(LR_SCHED, name)(opt, fn)
        lrs = [[g["lr"] for g in opt.param_groups]]
        for _ in range(epochs):
            opt.step()
            s.step()
            lrs.append([g["lr"] for g in opt.param_groups])
        self._add({"id": cid, "kind": "lambda", "scheduler": name, "lambdas": lambdas, "group_lrs": group_lrs, "lrs": lrs,
                   "state_dict_keys": sorted(s.state_dict().keys()), "state_dict_lr_lambdas": s.state_dict()["lr_lambdas"]})

    def sched(self, cid, name, options, optimizer, steps=10, epochs=None):
        opt, params = make_optimizer(optimizer)
        s = getattr(LR_SCHED, name)(opt, **options)
        lrs = [[g["lr"] for g in opt.param_groups]]
        moms = [momenta(opt)]
        error = None
        seq = epochs if epochs is not None else [None] * steps
        for e in seq:
            opt.step()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    s.step() if e is None else s.step(e)
            except Exception as ex:  # noqa: BLE001
                error = err_of(ex)
                break
            lrs.append([g["lr"] for g in opt.param_groups])
            moms.append(momenta(opt))
        case = {"id": cid, "kind": "sched", "scheduler": name, "options": options, "optimizer": optimizer,
                "lrs": lrs, "momenta": moms, "state_dict_keys": sorted(s.state_dict().keys())}
        if epochs is not None:
            case["epochs"] = epochs
        else:
            case["steps"] = steps
        if error:
            case["error"] = error
        self._add(case)

    def plateau(self, cid, options, metrics, group_lrs=(1.0,), tensor_metrics=False):
        opt, params = make_optimizer({"name": "SGD", "kwargs": {"lr": 0.1}, "groups": [{"lr": lr} for lr in group_lrs]})
        s = LR_SCHED.ReduceLROnPlateau(opt, **options)
        rows = []
        for m in metrics:
            opt.step()
            s.step(torch.tensor(m) if tensor_metrics else m)
            rows.append({"lrs": [g["lr"] for g in opt.param_groups], "best": s.best, "num_bad_epochs": s.num_bad_epochs,
                         "cooldown_counter": s.cooldown_counter, "last_epoch": s.last_epoch})
        self._add({"id": cid, "kind": "plateau", "options": options, "group_lrs": list(group_lrs), "metrics": metrics,
                   "tensor_metrics": tensor_metrics, "rows": rows, "state_dict_keys": sorted(s.state_dict().keys())})

    def state(self, cid, name, kwargs):
        a = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        b = torch.tensor([[1.0, 2.0]], requires_grad=True)
        opt = getattr(torch.optim, name)([a, b], **kwargs)
        for k in range(2):
            a.grad = torch.tensor([0.1, -0.2, 0.3]) * (k + 1)  # b has no gradient
            opt.step()
        sd = opt.state_dict()
        self._add({"id": cid, "kind": "state", "optimizer": name, "kwargs": kwargs,
                   "state": {str(i): {k: ("tensor" if torch.is_tensor(v) else type(v).__name__) for k, v in st.items()}
                             for i, st in sd["state"].items()},
                   "state_values": {str(i): {k: (v.reshape(-1).tolist() if torch.is_tensor(v) else v) for k, v in st.items()}
                                    for i, st in sd["state"].items()},
                   "group_keys": sorted(sd["param_groups"][0].keys()), "repr": repr(opt),
                   "grad_after": a.grad.reshape(-1).tolist()})

    def error(self, cid, make, name, kwargs=None, optimizer=None, lambdas=None, positional=None):
        kwargs = dict(kwargs or {})
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if make == "optimizer":
                    getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)
                else:
                    opt, _ = make_optimizer(optimizer)
                    args = [opt]
                    if lambdas is not None:
                        args.append([LAMBDAS[n] for n in lambdas] if isinstance(lambdas, list) else LAMBDAS[lambdas])
                    if positional is not None:
                        args += positional
                    getattr(LR_SCHED, name)(*args, **kwargs)
        except Exception as ex:  # noqa: BLE001
            case = {"id": cid, "kind": "error", "make": make, "name": name, "kwargs": kwargs, "error": err_of(ex)}
            if optimizer is not None:
                case["optimizer"] = optimizer
            if lambdas is not None:
                case["lambdas"] = lambdas
            if positional is not None:
                case["positional"] = positional
            self._add(case)
            return
        raise AssertionError(f"{cid}: no error")

    def write(self, folder):
        path = os.path.join(folder, "more_optim.json")
        with open(path, "w") as f:
            json.dump({"generator": GENERATOR, "replayed_by": "test/optim_more.test.mjs", "cases": self.cases}, f,
                      separators=(",", ":"), allow_nan=False)
            f.write("\n")
        return path, len(self.cases), os.path.getsize(path)


SGD = {"name": "SGD", "kwargs": {"lr": 0.1}}
SGD_MOM = {"name": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9}}
SGD2 = {"name": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.9}, "groups": [{}, {"lr": 0.5, "momentum": 0.5}]}
ADAM = {"name": "Adam", "kwargs": {"lr": 0.001, "betas": [0.9, 0.99]}}
RMS = {"name": "RMSprop", "kwargs": {"lr": 0.01, "momentum": 0.5}}

LOSSES = [1.0, 0.9, 0.85, 0.85, 0.86, 0.849, 0.85, 0.84, 0.84, 0.84, 0.84, 0.84, 0.83, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
          0.8299, 0.83, 0.83, 0.83]
ACCS = [0.5, 0.6, 0.65, 0.65, 0.64, 0.66, 0.66, 0.66, 0.66, 0.7, 0.7, 0.7, 0.7, 0.7, 0.71, 0.71, 0.71, 0.71]


def build():
    s = MoreSuite()
    s.lam("lambdalr_pow", "LambdaLR", "pow095", [0.1], epochs=12)
    s.lam("lambdalr_step", "LambdaLR", "step3", [1.0], epochs=10)
    s.lam("lambdalr_warmup", "LambdaLR", "warmup5", [0.3], epochs=8)
    s.lam("lambdalr_two_groups", "LambdaLR", ["step3", "pow095"], [1.0, 0.05], epochs=10)
    s.lam("lambdalr_one_fn_two_groups", "LambdaLR", "pow095", [1.0, 0.5], epochs=6)
    s.lam("multiplicativelr_const", "MultiplicativeLR", "const095", [0.1], epochs=12)
    s.lam("multiplicativelr_alternate", "MultiplicativeLR", "alternate", [1.0], epochs=9)
    s.lam("multiplicativelr_two_groups", "MultiplicativeLR", ["const095", "pow095"], [1.0, 0.2], epochs=8)

    s.sched("onecycle_sgd_momentum", "OneCycleLR", {"max_lr": 0.1, "total_steps": 12}, SGD_MOM, steps=12)
    s.sched("onecycle_sgd_momentum_linear_three_phase", "OneCycleLR",
            {"max_lr": 0.4, "total_steps": 15, "anneal_strategy": "linear", "three_phase": True, "base_momentum": 0.8,
             "max_momentum": 0.9}, SGD_MOM, steps=15)
    s.sched("onecycle_adam_betas", "OneCycleLR", {"max_lr": 0.01, "total_steps": 10}, ADAM, steps=10)
    s.sched("onecycle_rmsprop", "OneCycleLR", {"max_lr": 0.05, "epochs": 2, "steps_per_epoch": 5}, RMS, steps=10)
    s.sched("onecycle_two_groups_lists", "OneCycleLR",
            {"max_lr": [0.1, 1.0], "total_steps": 8, "base_momentum": [0.8, 0.7], "max_momentum": [0.9, 0.95]}, SGD2, steps=8)
    s.sched("onecycle_no_cycle_momentum", "OneCycleLR", {"max_lr": 0.1, "total_steps": 6, "cycle_momentum": False},
            {"name": "Adadelta", "kwargs": {}}, steps=6)
    s.sched("onecycle_past_total_steps", "OneCycleLR", {"max_lr": 0.1, "total_steps": 5}, SGD_MOM, steps=8)
    s.sched("multisteplr_two_groups", "MultiStepLR", {"milestones": [2, 4], "gamma": 0.5}, SGD2, steps=6)
    s.sched("multisteplr_closed_form", "MultiStepLR", {"milestones": [2, 4, 4], "gamma": 0.5}, SGD, epochs=[1, 2, 3, 5, 4, 0, 7])
    s.sched("constantlr_closed_form", "ConstantLR", {"factor": 0.25, "total_iters": 3}, SGD, epochs=[1, 2, 3, 5, 0, 2])
    s.sched("linearlr_closed_form", "LinearLR", {"start_factor": 0.2, "end_factor": 0.9, "total_iters": 4}, SGD,
            epochs=[1, 2, 3, 4, 6, 0, 3])
    s.sched("linearlr_two_groups_adam", "LinearLR", {"start_factor": 0.5, "total_iters": 3}, ADAM, steps=5)
    s.sched("steplr_closed_form", "StepLR", {"step_size": 2, "gamma": 0.5}, SGD, epochs=[1, 2, 3, 6, 0])
    # long schedules: cos through cosCR (V8's Math.cos is an ulp off glibc's for ~3% of arguments)
    s.sched("onecycle_1000_steps", "OneCycleLR", {"max_lr": 0.1, "total_steps": 1000}, SGD_MOM, steps=1000)
    s.sched("cosine_tmax97_400_steps", "CosineAnnealingLR", {"T_max": 97, "eta_min": 0.001}, SGD_MOM, steps=400)
    s.sched("onecycle_step_epoch", "OneCycleLR", {"max_lr": 0.1, "total_steps": 10}, SGD_MOM, epochs=[3, 4, 9, 1])

    s.plateau("plateau_default_patience2", {"patience": 2}, LOSSES)
    s.plateau("plateau_default", {}, LOSSES)
    s.plateau("plateau_max", {"mode": "max", "patience": 1, "factor": 0.5}, ACCS)
    s.plateau("plateau_abs", {"patience": 1, "threshold_mode": "abs", "threshold": 0.01}, LOSSES)
    s.plateau("plateau_max_abs", {"mode": "max", "patience": 0, "threshold_mode": "abs", "threshold": 0.02}, ACCS)
    s.plateau("plateau_cooldown", {"patience": 1, "cooldown": 2, "factor": 0.5}, LOSSES)
    s.plateau("plateau_min_lr", {"patience": 0, "factor": 0.5, "min_lr": 0.1}, LOSSES)
    s.plateau("plateau_eps", {"patience": 0, "factor": 0.5, "eps": 0.2}, LOSSES)
    s.plateau("plateau_min_lr_list", {"patience": 0, "factor": 0.3, "min_lr": [0.05, 0.001]}, LOSSES, group_lrs=(1.0, 0.01))
    s.plateau("plateau_threshold", {"patience": 1, "threshold": 0.05}, LOSSES)
    s.plateau("plateau_tensor_metrics", {"patience": 1}, LOSSES, tensor_metrics=True)

    s.state("state_rmsprop", "RMSprop", {})
    s.state("state_rmsprop_momentum_centered", "RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True})
    s.state("state_adagrad", "Adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.5})
    s.state("state_adagrad_maximize", "Adagrad", {"maximize": True})
    # foreach=True adds the weight decay into p.grad in place (without maximize)
    s.state("state_rmsprop_foreach_weight_decay", "RMSprop", {"weight_decay": 0.5, "foreach": True})
    s.state("state_rmsprop_foreach_weight_decay_maximize", "RMSprop", {"weight_decay": 0.5, "foreach": True, "maximize": True})
    s.state("state_adagrad_foreach_weight_decay", "Adagrad", {"weight_decay": 0.5, "lr_decay": 0.2, "foreach": True})

    o = "optimizer"
    s.error("rmsprop_lr", o, "RMSprop", {"lr": -0.5})
    s.error("rmsprop_eps", o, "RMSprop", {"eps": -1e-8})
    s.error("rmsprop_momentum", o, "RMSprop", {"momentum": -1})
    s.error("rmsprop_weight_decay", o, "RMSprop", {"weight_decay": -0.01})
    s.error("rmsprop_alpha", o, "RMSprop", {"alpha": -0.5})
    s.error("rmsprop_lr_and_alpha", o, "RMSprop", {"lr": -1, "alpha": -1})
    s.error("rmsprop_unknown_keyword", o, "RMSprop", {"betas": [0.9, 0.9]})
    s.error("adagrad_lr", o, "Adagrad", {"lr": -1})
    s.error("adagrad_lr_decay", o, "Adagrad", {"lr_decay": -0.5})
    s.error("adagrad_weight_decay", o, "Adagrad", {"weight_decay": -2})
    s.error("adagrad_initial_accumulator_value", o, "Adagrad", {"initial_accumulator_value": -0.1})
    s.error("adagrad_eps", o, "Adagrad", {"eps": -1e-10})
    s.error("adagrad_unknown_keyword", o, "Adagrad", {"momentum": 0.9})
    sc = "scheduler"
    s.error("constantlr_factor", sc, "ConstantLR", {"factor": 1.5}, SGD)
    s.error("constantlr_factor_negative", sc, "ConstantLR", {"factor": -0.1}, SGD)
    s.error("linearlr_start", sc, "LinearLR", {"start_factor": 1.5}, SGD)
    s.error("linearlr_end", sc, "LinearLR", {"end_factor": -0.5}, SGD)
    s.sched("linearlr_start_zero_division", "LinearLR", {"start_factor": 0.0}, SGD, steps=3)
    s.error("multisteplr_missing_milestones", sc, "MultiStepLR", {}, SGD)
    s.error("multisteplr_int_milestones", sc, "MultiStepLR", {"milestones": 3}, SGD)
    s.error("lambdalr_count", sc, "LambdaLR", {}, SGD2, lambdas=["pow095"])
    s.error("multiplicativelr_count", sc, "MultiplicativeLR", {}, SGD, lambdas=["pow095", "const095"])
    s.error("lambdalr_missing", sc, "LambdaLR", {}, SGD)
    s.error("plateau_factor", sc, "ReduceLROnPlateau", {"factor": 1.0}, SGD)
    s.error("plateau_mode", sc, "ReduceLROnPlateau", {"mode": "maximum"}, SGD)
    s.error("plateau_threshold_mode", sc, "ReduceLROnPlateau", {"threshold_mode": "relative"}, SGD)
    s.error("plateau_min_lr_list_length", sc, "ReduceLROnPlateau", {"min_lr": [0.1, 0.2]}, SGD)
    s.error("plateau_unknown_keyword", sc, "ReduceLROnPlateau", {"gamma": 0.5}, SGD)
    s.error("onecycle_no_total", sc, "OneCycleLR", {"max_lr": 0.1}, SGD)
    s.error("onecycle_total_zero", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 0}, SGD)
    s.error("onecycle_total_negative", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": -3}, SGD)
    s.error("onecycle_total_float", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 2.5}, SGD)
    s.error("onecycle_epochs_zero", sc, "OneCycleLR", {"max_lr": 0.1, "epochs": 0, "steps_per_epoch": 3}, SGD)
    s.error("onecycle_steps_per_epoch_zero", sc, "OneCycleLR", {"max_lr": 0.1, "epochs": 2, "steps_per_epoch": 0}, SGD)
    s.error("onecycle_steps_per_epoch_none", sc, "OneCycleLR", {"max_lr": 0.1, "epochs": 2}, SGD)
    s.error("onecycle_pct_start", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10, "pct_start": 1.5}, SGD)
    s.error("onecycle_pct_start_negative", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10, "pct_start": -0.1}, SGD)
    s.error("onecycle_anneal", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10, "anneal_strategy": "exp"}, SGD)
    s.error("onecycle_max_lr_list", sc, "OneCycleLR", {"max_lr": [0.1, 0.2], "total_steps": 10}, SGD)
    s.error("onecycle_max_momentum_list", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10, "max_momentum": [0.9, 0.9, 0.9]}, SGD2)
    s.error("onecycle_no_momentum_adadelta", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10}, {"name": "Adadelta", "kwargs": {}})
    s.error("onecycle_no_momentum_adagrad", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10}, {"name": "Adagrad", "kwargs": {}})
    s.error("onecycle_zero_division", sc, "OneCycleLR", {"max_lr": 0.1, "total_steps": 10, "pct_start": 0.1}, SGD)
    s.error("onecycle_missing_max_lr", sc, "OneCycleLR", {"total_steps": 10}, SGD)
    return s


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path, n, size = build().write(os.path.join(root, "test", "fixtures"))
    print(f"{os.path.relpath(path, root)}: {n} cases, {size / 1e3:.1f} kB ({GENERATOR})")
