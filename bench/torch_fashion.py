"""The torch side of bench/fashion-epoch.ts: one Fashion-MNIST epoch of the MLP or the CNN, on request.

Run by the TypeScript bench as a child process so that ours and torch's epochs can alternate (the
load of other processes hits both alike): it loads the 60,000 training images from the IDX files
itself, builds both models, takes one warm-up step on each, prints {"ready": ...}, then answers each
line "mlp" or "cnn" (optionally followed by a number of steps, for a partial epoch) with the seconds of one timed epoch as {"model", "seconds", "cpuSeconds"} (wall
clock, and this process's CPU time, which other processes' load on a shared machine inflates less).

Same work per step as ours: gather the batch by a permutation, forward, cross-entropy, backward,
Adam (torch.optim.Adam, lr 1e-3), 469 batches of 128 (the last one 96), one thread.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch

BATCH = 128


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch uses whatever libblas.so.3 points at)."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(names)) or "unknown"


def models():
    mlp = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )
    cnn = torch.nn.Sequential(
        torch.nn.Unflatten(1, (1, 28, 28)),
        torch.nn.Conv2d(1, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 4 * 4, 10),
    )
    return {"mlp": mlp, "cnn": cnn}


def main():
    folder = sys.argv[1]
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x = torch.from_numpy(read_idx(f"{folder}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(f"{folder}/train-labels-idx1-ubyte.gz").astype(np.int64))
    n = len(y)
    nets = models()
    optimizers = {k: torch.optim.Adam(m.parameters(), lr=1e-3) for k, m in nets.items()}
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)

    def step(name, idx):
        opt = optimizers[name]
        opt.zero_grad()
        loss = loss_fn(nets[name](x[idx]), y[idx])
        loss.backward()
        opt.step()
        return loss

    def epoch(name, steps=None):
        perm = torch.randperm(n, generator=generator)
        if steps is not None:
            perm = perm[: steps * BATCH]
        t0 = time.perf_counter()
        c0 = time.process_time()
        total = 0.0
        for s in range(0, len(perm), BATCH):
            total += step(name, perm[s:s + BATCH]).detach() * min(BATCH, len(perm) - s)
        float(total)  # the loss read back once, as ours does
        return time.perf_counter() - t0, time.process_time() - c0

    for name in nets:
        step(name, torch.arange(BATCH))  # warm-up, not timed
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "n": n, "blas": blas_library()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        name = words[0]
        steps = int(words[1]) if len(words) > 1 else None  # a partial epoch (to test the bench itself)
        if name not in nets:
            print(json.dumps({"error": f"unknown model {name!r}"}), flush=True)
            continue
        wall, cpu = epoch(name, steps)
        print(json.dumps({"model": name, "seconds": wall, "cpuSeconds": cpu}), flush=True)


if __name__ == "__main__":
    main()
