/**
 * What the MLP epoch ratio (issue 17, item 4) is made of, measured in the same run: the matrix products
 * one training step needs, ours (tfjs on the current backend, src/tf/wasm-matmul.ts) and torch's, same
 * shapes, one thread each. An epoch of only our products, against torch's whole epoch, bounds the ratio
 * any amount of work on the rest of the step could reach.
 */
import { spawnSync } from "child_process";
import { tf as dtf } from "../src";
import { record } from "./record";
import { BATCH } from "./fashion-epoch";
import { TORCH_ENV } from "./torch-env";
import { simdMultiplyAddPeak } from "./simd-peak";

const tf = dtf.tf;
const TRAIN_ROWS = 60_000;

/** [m, k, n, transposeA, transposeB]: C[m×n] = op(A)·op(B), as a step of 784-256-256-10 at batch 128 multiplies. */
type Product = [number, number, number, boolean, boolean];
export const MLP_STEP_PRODUCTS: Product[] = [
  [BATCH, 784, 256, false, false], // forward, layer 1
  [BATCH, 256, 256, false, false], // forward, layer 2
  [BATCH, 256, 10, false, false], // forward, layer 3
  [784, BATCH, 256, true, false], // dW1 = xᵀ·dy
  [256, BATCH, 256, true, false], // dW2
  [256, BATCH, 10, true, false], // dW3
  [BATCH, 256, 256, false, true], // dx2 = dy·W2ᵀ (dx1, the data's gradient, is not needed)
  [BATCH, 10, 256, false, true], // dx3
];
const macs = (p: Product) => p[0] * p[1] * p[2];
export const MLP_STEP_MACS = MLP_STEP_PRODUCTS.reduce((s, p) => s + macs(p), 0);
/** Every product has the batch as one dimension, so an epoch is 60,000/128 steps' worth. */
export const MLP_EPOCH_MACS = (MLP_STEP_MACS * TRAIN_ROWS) / BATCH;

/**
 * Seconds of one step's products on the current tfjs backend (min over repetitions): with the same two
 * operands every time (`fresh` false: XNNPACK caches its operator and the packed copy of b) or with new
 * operands each time, as in training, where the weights change every step and XNNPACK packs b anew.
 */
function oursStepProducts(fresh: boolean): number {
  let total = 0;
  for (const [m, k, n, ta, tb] of MLP_STEP_PRODUCTS) {
    const a = tf.randomNormal(ta ? [k, m] : [m, k]) as dtf.tf.Tensor2D;
    const b = tf.randomNormal(tb ? [n, k] : [k, n]) as dtf.tf.Tensor2D;
    const reps = 10;
    let best = Infinity;
    for (let r = 0; r < 6; r++) {
      const operands = Array.from({ length: reps }, () => (fresh ? [tf.add(a, 0), tf.add(b, 0)] : [a, b]) as dtf.tf.Tensor2D[]);
      const t0 = performance.now();
      for (const [x, y] of operands) tf.matMul(x, y, ta, tb).dispose(); // wasm runs each kernel to the end when called (the report calls this on wasm only)
      if (r > 0) best = Math.min(best, (performance.now() - t0) / reps); // the first round warms up
      if (fresh) tf.dispose(operands.flat());
    }
    tf.dispose([a, b]);
    total += best / 1000;
  }
  return total;
}

const torchScript = `
import json, sys, time, torch
torch.set_num_threads(1)
total = 0.0
for m, k, n, ta, tb in json.loads(sys.argv[1]):
    a = torch.randn(k, m).t() if ta else torch.randn(m, k)
    b = torch.randn(n, k).t() if tb else torch.randn(k, n)
    for _ in range(3): a @ b
    best = 1e9
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(10): a @ b
        best = min(best, (time.perf_counter() - t0) / 10)
    total += best
print(json.dumps({"seconds": total}))
`;

function torchStepProducts(): number | string {
  const r = spawnSync("/usr/bin/python3", ["-c", torchScript, JSON.stringify(MLP_STEP_PRODUCTS)], { encoding: "utf8", env: TORCH_ENV, timeout: 120_000 });
  if (r.status !== 0) return (r.stderr || String(r.error)).includes("No module named 'torch'") ? "torch not installed" : (r.stderr || String(r.error)).trim().split("\n").pop()!;
  return JSON.parse(r.stdout.trim().split("\n").pop()!).seconds;
}

/** The products table; `torchEpochSeconds`: torch's MLP epoch from the same run (if measured). */
export function mlpProductsTable(torchEpochSeconds: number | undefined): Record<string, unknown> {
  const backend = tf.getBackend();
  const ours = oursStepProducts(true);
  const oursReused = oursStepProducts(false);
  const torch = torchStepProducts();
  const torchSeconds = typeof torch === "number" ? torch : undefined;
  const peak = simdMultiplyAddPeak();
  record("wasm-f32x4-multiply-add-peak", peak / 1e9, "G/s", { note: "bench/simd-peak.ts: our tile's inner step on L1-resident operands, one thread" });
  const stepsPerEpoch = TRAIN_ROWS / BATCH;
  const g = (rate: number) => (rate / 1e9).toFixed(1);
  record("fashion-mlp-step-products", ours, "s", { torch: torchSeconds, note: `${backend}: the 8 matrix products of one step (${(MLP_STEP_MACS / 1e6).toFixed(1)} M multiply-adds), new operands each time as in training, one thread` });
  record("fashion-mlp-step-products-operands-reused", oursReused, "s", { torch: torchSeconds, note: `${backend}: the same products, the same operands every time` });
  const productsEpoch = record("fashion-mlp-epoch-products-ours", ours * stepsPerEpoch, "s", { torch: torchEpochSeconds, note: "our products alone, an epoch's worth, against torch's whole epoch" });
  const rows = [
    { what: "one step's 8 products, ours (new operands, as in training)", ms: (ours * 1000).toFixed(2), "G multiply-adds/s": g(MLP_STEP_MACS / ours) },
    { what: "the same, operands reused", ms: (oursReused * 1000).toFixed(2), "G multiply-adds/s": g(MLP_STEP_MACS / oursReused) },
    { what: "the engine's f32x4 multiply-and-add peak (bench/simd-peak.ts)", ms: "—", "G multiply-adds/s": g(peak) },
    { what: "the same products, torch (1 thread)", ms: torchSeconds ? (torchSeconds * 1000).toFixed(2) : String(torch), "G multiply-adds/s": torchSeconds ? g(MLP_STEP_MACS / torchSeconds) : "—" },
  ];
  console.log(`\nMLP products: ${(MLP_EPOCH_MACS / 1e9).toFixed(1)} G multiply-adds per epoch`);
  console.table(rows);
  if (productsEpoch.ratio !== undefined) {
    console.log(`an epoch of only our products: ${productsEpoch.value.toFixed(2)} s = ${productsEpoch.ratio.toFixed(2)}× torch's whole epoch (goal for the epoch: ≤ 1.5×)`);
    const atPeak = MLP_EPOCH_MACS / peak;
    console.log(`even at the engine's f32x4 peak, with nothing else in the step: ${atPeak.toFixed(2)} s = ${(atPeak / torchEpochSeconds!).toFixed(2)}× torch's epoch`);
    record("fashion-mlp-epoch-products-at-simd-peak", atPeak, "s", { torch: torchEpochSeconds, note: "an epoch's products at the f32x4 peak: a bound on the MLP ratio on wasm" });
  }
  return { backend, simdMultiplyAddPeak: peak, stepProductsSeconds: ours, stepProductsOperandsReusedSeconds: oursReused, torchStepProductsSeconds: torch, epochMacs: MLP_EPOCH_MACS, rows };
}
