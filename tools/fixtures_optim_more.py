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
- error: a constructor (or first step) and the exception PyTorch raises, type and message;
- compose: SequentialLR / ChainedScheduler over child schedulers described by name and options (nested
  wrappers allowed, a child on a second optimizer for the mismatch errors): lr, momentum and get_last_lr
  after each step, the state_dict keys (the wrapper's and each child's), the children's last_epoch, and the
  error the constructor or a step raises.
CyclicLR's scale_fn is named (SCALE_FNS, defined again in the test file); a verbose sched case records
what PyTorch prints.
"""
import contextlib
import io
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

# CyclicLR's scale_fn by name
SCALE_FNS = {
    "half_pow": lambda x: 0.5 ** x,
    "inv_1p": lambda x: 1 / (1.0 + 0.01 * x),
    "pow0999": lambda x: 0.999 ** x,
}

LR_SCHED = torch.optim.lr_scheduler


def sched_options(options):
    """A case's scheduler options with a named scale_fn made the function."""
    o = dict(options)
    if isinstance(o.get("scale_fn"), str):
        o["scale_fn"] = SCALE_FNS[o["scale_fn"]]
    return o


def build_scheduler(spec, opts):
    """spec: {"name", "options", "optimizer": "main" | "other"}, or a wrapper with "children" (and "milestones")."""
    name = spec["name"]
    if name == "ChainedScheduler":
        return LR_SCHED.ChainedScheduler([build_scheduler(c, opts) for c in spec["children"]])
    opt = opts[spec.get("optimizer", "main")]
    if name == "SequentialLR":
        kids = [build_scheduler(c, opts) for c in spec["children"]]
        return LR_SCHED.SequentialLR(opt, kids, spec["milestones"], **spec.get("options", {}))
    return getattr(LR_SCHED, name)(opt, **sched_options(spec.get("options", {})))


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
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                s = getattr(LR_SCHED, name)(opt, **sched_options(options))
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
        if options.get("verbose"):
            case["stdout"] = out.getvalue().splitlines()
        if hasattr(s, "T_cur"):
            case["T_cur"], case["T_i"], case["last_epoch"] = s.T_cur, s.T_i, s.last_epoch
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
                    getattr(LR_SCHED, name)(*args, **sched_options(kwargs))
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

    def compose(self, cid, spec, optimizer, steps=10):
        opts = {"main": make_optimizer(optimizer)[0], "other": make_optimizer(optimizer)[0]}
        opt = opts["main"]
        case = {"id": cid, "kind": "compose", "spec": spec, "optimizer": optimizer, "steps": steps}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                s = build_scheduler(spec, opts)
        except Exception as ex:  # noqa: BLE001
            case["error"] = err_of(ex)
            self._add(case)
            return
        lrs = [[g["lr"] for g in opt.param_groups]]
        moms = [momenta(opt)]
        last = [s.get_last_lr()]
        for _ in range(steps):
            opt.step()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    s.step()
            except Exception as ex:  # noqa: BLE001
                case["error"] = err_of(ex)
                break
            lrs.append([g["lr"] for g in opt.param_groups])
            moms.append(momenta(opt))
            last.append(s.get_last_lr())
        sd = s.state_dict()
        case.update({"lrs": lrs, "momenta": moms, "last_lrs": last, "state_dict_keys": sorted(sd.keys()),
                     "child_state_dict_keys": [sorted(c.keys()) for c in sd["_schedulers"]],
                     "child_last_epochs": [getattr(c, "last_epoch", None) for c in s._schedulers]})
        if hasattr(s, "last_epoch"):
            case["last_epoch"] = s.last_epoch
        self._add(case)

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
    more_schedulers(s)
    return s


ADAM2 = {"name": "Adam", "kwargs": {"lr": 0.001, "betas": [0.9, 0.99]}, "groups": [{}, {"lr": 0.01}]}


def more_schedulers(s):
    """PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR, SequentialLR, ChainedScheduler."""
    sc = "scheduler"
    # ---- PolynomialLR ----
    s.sched("poly_default", "PolynomialLR", {}, SGD, steps=8)
    s.sched("poly_power2_two_groups", "PolynomialLR", {"total_iters": 6, "power": 2.0}, SGD2, steps=9)
    s.sched("poly_power_half_adam", "PolynomialLR", {"total_iters": 10, "power": 0.5}, ADAM2, steps=12)
    s.sched("poly_power_zero", "PolynomialLR", {"total_iters": 4, "power": 0}, SGD, steps=6)
    s.sched("poly_total_iters_fractional", "PolynomialLR", {"total_iters": 4.5, "power": 2}, SGD, steps=7)
    # long runs: the recursive factor's ** is C's pow (V8's is an ulp off for ~8% of non-integer powers)
    s.sched("poly_power09_1000_steps", "PolynomialLR", {"total_iters": 1000, "power": 0.9}, SGD_MOM, steps=1003)
    s.sched("poly_power3_997_steps", "PolynomialLR", {"total_iters": 997, "power": 3}, SGD, steps=1000)
    s.sched("poly_power_e_700_steps", "PolynomialLR", {"total_iters": 700, "power": 2.718281828459045}, SGD2, steps=700)
    s.sched("poly_closed_form", "PolynomialLR", {"total_iters": 5, "power": 1.5}, SGD, epochs=[1, 3, 2, 7, 0, 4, 2.5])
    s.sched("poly_negative_power_zero_division", "PolynomialLR", {"total_iters": 2, "power": -1}, SGD, steps=4)
    s.sched("poly_total_iters_zero_closed_form", "PolynomialLR", {"total_iters": 0}, SGD, epochs=[3])
    s.sched("poly_verbose", "PolynomialLR", {"total_iters": 3, "verbose": True}, SGD2, epochs=[None, None, 1, 2.5])

    # ---- CosineAnnealingWarmRestarts ----
    s.sched("cawr_t0_10", "CosineAnnealingWarmRestarts", {"T_0": 10}, SGD, steps=35)
    s.sched("cawr_tmult2_two_groups", "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.001}, SGD2, steps=50)
    s.sched("cawr_tmult3_adam", "CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 3}, ADAM2, steps=60)
    s.sched("cawr_t0_97_1000_steps", "CosineAnnealingWarmRestarts", {"T_0": 97, "eta_min": 1e-4}, SGD_MOM, steps=1000)
    s.sched("cawr_tmult2_1000_steps", "CosineAnnealingWarmRestarts", {"T_0": 7, "T_mult": 2, "eta_min": 0.0005}, SGD, steps=1000)
    s.sched("cawr_fractional_epochs", "CosineAnnealingWarmRestarts", {"T_0": 5}, SGD,
            epochs=[0.2, 0.4, 1.5, 4.99, 5, 5.5, 12.25, 3, None, None, 100.75, None])
    # a training loop's scheduler.step(epoch + i / iters)
    s.sched("cawr_tmult2_batches", "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.01}, SGD2,
            epochs=[e + i / 7 for e in range(50) for i in range(7)])
    # restarts exactly: int(math.log(x, T_mult)) of glibc's log decides the cycle (log(27)/log(3) = 3.0000000000000004)
    s.sched("cawr_tmult3_restart_points", "CosineAnnealingWarmRestarts", {"T_0": 1, "T_mult": 3}, SGD,
            epochs=[1, 4, 13, 40, 121, 364, 1093, 3280, 4.5, 13.0001, 39.99, 9841, 29524])
    s.sched("cawr_tmult2_restart_points", "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2}, SGD,
            epochs=[3 * (2 ** k - 1) for k in range(1, 25)] + [3 * (2 ** k - 1) - 1e-9 for k in range(1, 20)])
    s.sched("cawr_tmult5_restart_points", "CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 5}, SGD,
            epochs=[2 * (5 ** k - 1) // 4 for k in range(1, 16)] + [2 * (5 ** k - 1) // 4 + 0.5 for k in range(1, 12)])
    s.sched("cawr_tmult7_range", "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 7}, SGD,
            epochs=list(range(0, 4000, 7)) + [k / 3 for k in range(0, 3000, 11)])
    s.sched("cawr_interleaved", "CosineAnnealingWarmRestarts", {"T_0": 4, "T_mult": 2}, SGD,
            epochs=[None, None, 26, None, None, 3.5, None, None, None, 0, None])
    s.sched("cawr_negative_epoch", "CosineAnnealingWarmRestarts", {"T_0": 4}, SGD, epochs=[1, 2, -1])
    s.sched("cawr_negative_fractional_epoch", "CosineAnnealingWarmRestarts", {"T_0": 4}, SGD, epochs=[1, -0.5])
    s.sched("cawr_verbose", "CosineAnnealingWarmRestarts", {"T_0": 2, "verbose": True}, SGD, epochs=[None, 1.5, None, 3])
    s.error("cawr_t0_zero", sc, "CosineAnnealingWarmRestarts", {"T_0": 0}, SGD)
    s.error("cawr_t0_negative", sc, "CosineAnnealingWarmRestarts", {"T_0": -2}, SGD)
    s.error("cawr_t0_fractional", sc, "CosineAnnealingWarmRestarts", {"T_0": 2.5}, SGD)
    s.error("cawr_t0_none", sc, "CosineAnnealingWarmRestarts", {"T_0": None}, SGD)
    s.error("cawr_t0_str", sc, "CosineAnnealingWarmRestarts", {"T_0": "3"}, SGD)
    s.error("cawr_t0_missing", sc, "CosineAnnealingWarmRestarts", {}, SGD)
    s.error("cawr_tmult_zero", sc, "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 0}, SGD)
    s.error("cawr_tmult_fractional", sc, "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 1.5}, SGD)
    s.error("cawr_tmult_none", sc, "CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": None}, SGD)
    s.error("cawr_positional_tmult", sc, "CosineAnnealingWarmRestarts", {}, SGD, positional=[5, -1])
    s.error("cawr_resume_without_initial_lr", sc, "CosineAnnealingWarmRestarts", {"T_0": 3, "last_epoch": 4}, SGD)

    # ---- CyclicLR ----
    s.sched("cyclic_triangular", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}, SGD_MOM, steps=20)
    s.sched("cyclic_triangular_up_down", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5},
            SGD, steps=25)
    s.sched("cyclic_triangular2_lists", "CyclicLR",
            {"base_lr": [0.01, 0.05], "max_lr": [0.1, 0.5], "step_size_up": 2, "mode": "triangular2",
             "base_momentum": [0.8, 0.7], "max_momentum": [0.9, 0.95]}, SGD2, steps=30)
    s.sched("cyclic_exp_range_rmsprop", "CyclicLR",
            {"base_lr": 0.001, "max_lr": 0.006, "step_size_up": 5, "mode": "exp_range", "gamma": 0.99}, RMS, steps=40)
    s.sched("cyclic_exp_range_1000_steps", "CyclicLR",
            {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 37, "step_size_down": 63, "mode": "exp_range", "gamma": 0.999},
            SGD_MOM, steps=1000)
    s.sched("cyclic_triangular2_1000_steps", "CyclicLR",
            {"base_lr": 0.0001, "max_lr": 0.3, "step_size_up": 13, "step_size_down": 29, "mode": "triangular2",
             "base_momentum": 0.85, "max_momentum": 0.95}, SGD2, steps=1000)
    s.sched("cyclic_scale_fn_cycle", "CyclicLR",
            {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "half_pow"}, SGD_MOM, steps=24)
    s.sched("cyclic_scale_fn_iterations", "CyclicLR",
            {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "inv_1p", "scale_mode": "iterations"},
            SGD2, steps=24)
    s.sched("cyclic_scale_fn_mode_ignored", "CyclicLR",
            {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "scale_fn": "pow0999", "mode": "no such mode",
             "scale_mode": "other"}, SGD_MOM, steps=20)
    s.sched("cyclic_adam_no_cycle_momentum", "CyclicLR",
            {"base_lr": 0.0001, "max_lr": 0.001, "step_size_up": 3, "cycle_momentum": False}, ADAM2, steps=15)
    s.sched("cyclic_fractional_step_sizes", "CyclicLR",
            {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2.5, "step_size_down": 1.5}, SGD_MOM, steps=20)
    s.sched("cyclic_step_size_down_zero", "CyclicLR",
            {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 0}, SGD_MOM, steps=10)
    s.sched("cyclic_step_size_str", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": " 3.5 "}, SGD_MOM, steps=10)
    s.sched("cyclic_default_step_size", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1}, SGD_MOM, steps=30)
    s.sched("cyclic_verbose", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2, "verbose": True}, SGD_MOM, steps=3)
    s.error("cyclic_adam_cycle_momentum", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01}, ADAM)
    s.error("cyclic_adadelta_cycle_momentum", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01}, {"name": "Adadelta", "kwargs": {}})
    s.error("cyclic_mode", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "mode": "triangle"}, SGD)
    s.error("cyclic_base_lr_list", sc, "CyclicLR", {"base_lr": [0.001], "max_lr": 0.01}, SGD2)
    s.error("cyclic_max_lr_list", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": [0.01, 0.02, 0.03]}, SGD2)
    s.error("cyclic_base_momentum_list", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "base_momentum": [0.8]}, SGD2)
    s.error("cyclic_max_momentum_list", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "max_momentum": [0.9]}, SGD2)
    s.error("cyclic_step_size_none", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": None}, SGD)
    s.error("cyclic_step_size_str_bad", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "step_size_down": "abc"}, SGD)
    s.error("cyclic_step_sizes_zero", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": 0, "step_size_down": 0}, SGD)
    s.error("cyclic_step_size_up_zero", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": 0, "step_size_down": 4}, SGD)
    s.error("cyclic_exp_range_gamma_none", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "mode": "exp_range", "gamma": None}, SGD)
    s.error("cyclic_scale_fn_not_callable", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "scale_fn": 3}, SGD)
    s.error("cyclic_missing_max_lr", sc, "CyclicLR", {"base_lr": 0.001}, SGD)
    s.error("cyclic_resume_without_initial_lr", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "last_epoch": 3}, SGD)
    s.error("cyclic_unknown_keyword", sc, "CyclicLR", {"base_lr": 0.001, "max_lr": 0.01, "step_size": 3}, SGD)

    # ---- SequentialLR and ChainedScheduler ----
    def ch(name, optimizer="main", **options):
        return {"name": name, "options": options, "optimizer": optimizer}

    def seq(children, milestones, optimizer="main", **options):
        return {"name": "SequentialLR", "children": children, "milestones": milestones, "optimizer": optimizer, "options": options}

    def chain(children):
        return {"name": "ChainedScheduler", "children": children}

    s.compose("seq_constant_exponential", seq([ch("ConstantLR", factor=0.1, total_iters=2), ch("ExponentialLR", gamma=0.9)], [2]),
              SGD, steps=10)
    s.compose("seq_linear_cosine_two_groups", seq([ch("LinearLR", start_factor=0.1, total_iters=5), ch("CosineAnnealingLR", T_max=20)],
                                                  [5]), SGD2, steps=30)
    s.compose("seq_three", seq([ch("ConstantLR", factor=0.5, total_iters=3), ch("StepLR", step_size=2, gamma=0.5),
                                ch("ExponentialLR", gamma=0.8)], [3, 8]), SGD, steps=15)
    s.compose("seq_warmup_warm_restarts", seq([ch("LinearLR", start_factor=0.01, total_iters=4),
                                               ch("CosineAnnealingWarmRestarts", T_0=5, T_mult=2)], [4]), SGD2, steps=40)
    s.compose("seq_linear_cyclic_momentum", seq([ch("LinearLR", start_factor=0.2, total_iters=3),
                                                 ch("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=3)], [3]), SGD_MOM, steps=20)
    s.compose("seq_exponential_polynomial_adam", seq([ch("ExponentialLR", gamma=0.7), ch("PolynomialLR", total_iters=6, power=0.5)],
                                                     [4]), ADAM2, steps=14)
    s.compose("seq_multistep_onecycle", seq([ch("MultiStepLR", milestones=[1, 2], gamma=0.5),
                                             ch("OneCycleLR", max_lr=0.5, total_steps=12)], [3]), SGD_MOM, steps=14)
    s.compose("seq_unsorted_milestones", seq([ch("ConstantLR", factor=0.5, total_iters=2), ch("ExponentialLR", gamma=0.9),
                                              ch("StepLR", step_size=1, gamma=0.5)], [5, 2]), SGD, steps=9)
    s.compose("seq_last_epoch", seq([ch("ConstantLR", factor=0.5, total_iters=4), ch("ExponentialLR", gamma=0.9)], [6], last_epoch=3),
              SGD, steps=6)
    s.compose("seq_one_scheduler", seq([ch("StepLR", step_size=2, gamma=0.3)], []), SGD, steps=6)
    s.compose("seq_chained_child_at_milestone", seq([ch("ConstantLR", factor=0.5, total_iters=2),
                                                     chain([ch("ExponentialLR", gamma=0.9), ch("StepLR", step_size=2)])], [3]),
              SGD, steps=5)
    s.compose("seq_plateau_child_at_milestone", seq([ch("ConstantLR", factor=0.5, total_iters=2), ch("ReduceLROnPlateau")], [2]),
              SGD, steps=4)
    s.compose("chained_constant_exponential", chain([ch("ConstantLR", factor=0.1, total_iters=2), ch("ExponentialLR", gamma=0.9)]),
              SGD, steps=10)
    s.compose("chained_three_two_groups", chain([ch("LinearLR", start_factor=0.5, total_iters=4), ch("StepLR", step_size=3, gamma=0.5),
                                                 ch("MultiStepLR", milestones=[2, 5], gamma=0.9)]), SGD2, steps=12)
    s.compose("chained_cyclic_polynomial", chain([ch("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=2),
                                                  ch("PolynomialLR", total_iters=8, power=2.0)]), SGD_MOM, steps=12)
    s.compose("chained_one", chain([ch("CosineAnnealingLR", T_max=5, eta_min=0.01)]), SGD, steps=8)
    s.compose("chained_sequential_child", chain([seq([ch("ConstantLR", factor=0.5, total_iters=2), ch("ExponentialLR", gamma=0.9)], [3]),
                                                 ch("StepLR", step_size=2, gamma=0.5)]), SGD, steps=9)
    s.compose("chained_warm_restarts_1000", chain([ch("CosineAnnealingWarmRestarts", T_0=10, T_mult=2),
                                                   ch("ExponentialLR", gamma=0.999)]), SGD, steps=1000)
    s.compose("chained_plateau_child", chain([ch("ExponentialLR", gamma=0.9), ch("ReduceLROnPlateau")]), SGD, steps=3)
    # constructor errors
    s.compose("seq_other_optimizer_child", seq([ch("ConstantLR"), ch("ExponentialLR", "other", gamma=0.9)], [2]), SGD)
    s.compose("seq_other_optimizer", seq([ch("ConstantLR"), ch("ExponentialLR", gamma=0.9)], [2], optimizer="other"), SGD)
    s.compose("seq_milestones_length", seq([ch("ConstantLR"), ch("ExponentialLR", gamma=0.9)], [2, 4]), SGD)
    s.compose("seq_milestones_none", seq([ch("ConstantLR"), ch("ExponentialLR", gamma=0.9)], None), SGD)
    s.compose("seq_no_schedulers", seq([], []), SGD)
    s.compose("seq_plateau_first", seq([ch("ReduceLROnPlateau"), ch("ExponentialLR", gamma=0.9)], [2]), SGD)
    s.compose("chained_other_optimizer", chain([ch("ConstantLR"), ch("StepLR", step_size=2), ch("ExponentialLR", "other", gamma=0.9)]),
              SGD)
    s.compose("chained_no_schedulers", chain([]), SGD)


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path, n, size = build().write(os.path.join(root, "test", "fixtures"))
    print(f"{os.path.relpath(path, root)}: {n} cases, {size / 1e3:.1f} kB ({GENERATOR})")
