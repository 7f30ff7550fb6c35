"""torch helper for bench/optim.ts and the optimizer option tests.

  python3 bench/torch_optim.py bench      -> JSON timings of torch.optim (float64, 1 thread)
  python3 bench/torch_optim.py reference  -> JSON trajectories for options the shared data do not exercise
"""
import json
import os
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))


def quad5():
    p = json.load(open(os.path.join(HERE, "..", "src", "problems", "reference-problems.json")))["problems"]["quad5"]
    A = torch.tensor(p["A"])
    b = torch.tensor(p["b"])
    return (lambda x: 0.5 * x @ A @ x - b @ x), p["x0"]


def tilted_rosenbrock():
    # off-minimum start and a linear tilt so that gradients change sign (Rprop, clipping of signs)
    return (lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2 + 0.3 * x[0] - 0.2 * x[1]), [-1.2, 1.0]


CLASSES = {
    "sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop,
    "adadelta": torch.optim.Adadelta, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax, "nadam": torch.optim.NAdam, "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD,
}

CONFIGS = [
    ("sgd", {"lr": 0.004, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.05}),
    ("sgd", {"lr": 0.004, "momentum": 0.7, "nesterov": True, "weight_decay": 0.1, "maximize": True}),
    ("sgd", {"lr": 0.01, "weight_decay": 0.2, "maximize": True}),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.05, "weight_decay": 0.01, "initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("adagrad", {"lr": 0.1, "maximize": True}),
    ("rmsprop", {"lr": 0.003, "alpha": 0.95, "eps": 1e-4, "weight_decay": 0.02, "momentum": 0.5, "centered": True}),
    ("rmsprop", {"lr": 0.003, "momentum": 0.3, "maximize": True}),
    ("adadelta", {"lr": 0.7, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.05}),
    ("adadelta", {"lr": 0.5, "maximize": True}),
    ("adam", {"lr": 0.03, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True}),
    ("adam", {"lr": 0.02, "weight_decay": 0.1, "maximize": True}),
    ("adamw", {"lr": 0.03, "betas": (0.85, 0.995), "weight_decay": 0.2}),
    ("adamw", {"lr": 0.03, "weight_decay": 0.05, "amsgrad": True, "maximize": True}),
    ("adamax", {"lr": 0.05, "betas": (0.8, 0.95), "eps": 1e-5, "weight_decay": 0.1}),
    ("adamax", {"lr": 0.05, "maximize": True}),
    ("nadam", {"lr": 0.05, "betas": (0.85, 0.99), "eps": 1e-6, "weight_decay": 0.1, "momentum_decay": 0.01, "foreach": True}),
    ("nadam", {"lr": 0.05, "betas": (0.85, 0.99), "eps": 1e-6, "weight_decay": 0.1, "momentum_decay": 0.01, "foreach": False}),
    ("rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2)}),
    ("rprop", {"lr": 0.02, "maximize": True}),
    ("asgd", {"lr": 0.004, "lambd": 0.01, "alpha": 0.6, "t0": 5, "weight_decay": 0.05}),
    ("asgd", {"lr": 0.003, "t0": 3, "maximize": True}),
]


def trajectory(name, hp, f, x0, steps):
    x = torch.tensor(x0, requires_grad=True)
    opt = CLASSES[name]([x], **hp)
    params = [x.detach().tolist()]
    extra = []
    for _ in range(steps):
        opt.zero_grad()
        f(x).backward()
        opt.step()
        if not all(abs(v) < 1e3 for v in x.detach().tolist()):
            break  # maximize runs leave the region where steps are comparable
        params.append(x.detach().tolist())
        if name == "asgd":
            extra.append(opt.state[x]["ax"].tolist())
    return params, extra


def reference(steps=15):
    out = []
    for pname, (f, x0) in {"quad5": quad5(), "tiltedRosenbrock": tilted_rosenbrock()}.items():
        for name, hp in CONFIGS:
            params, ax = trajectory(name, hp, f, x0, steps)
            out.append({"problem": pname, "optimizer": name, "hyperparams": hp, "params": params, "ax": ax})
    return {"torch": torch.__version__, "steps": steps, "runs": out}


def bench(n_big=1_000_000, big_steps=30, quad_runs=20):
    res = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    # (a) Adam on N parameters, foreach, float64, gradient fixed (as in the JS bench)
    x = torch.randn(n_big)
    x.grad = torch.randn(n_big)
    opt = torch.optim.Adam([x], lr=1e-3, foreach=True)
    for _ in range(3):
        opt.step()
    # minimum over steps: the machine may be shared, and the minimum is the least disturbed figure
    times = []
    for _ in range(big_steps):
        t0 = time.perf_counter()
        opt.step()
        times.append(time.perf_counter() - t0)
    res["adam_big_ms_per_step"] = min(times) * 1e3
    res["adam_big_ms_per_step_median"] = sorted(times)[len(times) // 2] * 1e3
    res["adam_big_n"] = n_big
    # (b) 200-step runs on quad5 with autograd, every optimizer, default options except lr
    f, x0 = quad5()
    lrs = {"sgd": 0.01}
    runs = {}
    for name in CLASSES:
        def one():
            x = torch.tensor(x0, requires_grad=True)
            o = CLASSES[name]([x], lr=lrs.get(name, 0.01))
            for _ in range(200):
                o.zero_grad()
                f(x).backward()
                o.step()
        one()
        times = []
        for _ in range(quad_runs):
            t0 = time.perf_counter()
            one()
            times.append(time.perf_counter() - t0)
        runs[name] = 1 / min(times)
    res["quad5_runs_per_s"] = runs
    return res


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "bench"
    print(json.dumps(reference() if mode == "reference" else bench()))
