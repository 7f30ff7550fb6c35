/**
 * Why the MLP epoch stays above 1.5× torch on wasm (issue 17, item 4), measured in the same run: the
 * matrix products one training step needs (tfjs vs torch, same shapes, one thread each), and the
 * ceiling WebAssembly SIMD sets on this CPU (bench/wasm-simd-peak.ts). The floor of an epoch on wasm
 * is its multiply-adds at that ceiling with nothing else to do; if the floor alone is above 1.5× torch's
 * whole epoch, no kernel written in WebAssembly can reach the goal on this machine.
 */
import { spawnSync } from "child_process";
import { tf as dtf } from "../src";
import { record } from "./record";
import { TORCH_ENV } from "./torch-env";
import { wasmSimdPeakMacsPerSecond } from "./wasm-simd-peak";

const tf = dtf.tf;
const BATCH = 128;
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
 * The CNN's multiply-adds per training step at batch 128 (bench/fashion-models.ts): each layer's forward
 * product, its filter (weight) gradient, and its input gradient except the first layer's (the data).
 */
function cnnStepMacs(): number {
  const conv = (size: number, ci: number, co: number) => BATCH * size * size * co * 5 * 5 * ci; // 'valid' 5×5, output size²
  const conv1 = conv(24, 1, 16);
  const conv2 = conv(8, 16, 32);
  const dense = BATCH * 512 * 10;
  return 2 * conv1 + 3 * conv2 + 3 * dense;
}
export const CNN_EPOCH_MACS = (cnnStepMacs() * TRAIN_ROWS) / BATCH;

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
      for (const [x, y] of operands) tf.matMul(x, y, ta, tb).dataSync(); // read back: the product has finished
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

/** The roofline table; `torchEpochSeconds`: torch's MLP and CNN epochs from the same run (if measured). */
export function mlpRoofline(torchEpochSeconds: number | undefined, torchCnnEpochSeconds?: number): Record<string, unknown> {
  const backend = tf.getBackend();
  const ours = oursStepProducts(true);
  const oursCached = oursStepProducts(false);
  const torch = torchStepProducts();
  const ceiling = wasmSimdPeakMacsPerSecond();
  const torchSeconds = typeof torch === "number" ? torch : undefined;
  const stepsPerEpoch = TRAIN_ROWS / BATCH;
  const g = (rate: number) => (rate / 1e9).toFixed(1);
  record("fashion-mlp-step-products", ours, "s", { torch: torchSeconds, note: `${backend}: the 8 matrix products of one step (${(MLP_STEP_MACS / 1e6).toFixed(1)} M multiply-adds), one thread` });
  record("wasm-simd-ceiling", ceiling / 1e9, "GMAC/s", { note: "f32x4 mul+add, no loads, 8 accumulators (bench/wasm-simd-peak.ts)" });
  const floor = record("fashion-mlp-epoch-floor-at-wasm-ceiling", MLP_EPOCH_MACS / ceiling, "s", { torch: torchEpochSeconds, note: "an epoch's multiply-adds at the WebAssembly SIMD ceiling, nothing else" });
  const productsEpoch = record("fashion-mlp-epoch-products-ours", ours * stepsPerEpoch, "s", { torch: torchEpochSeconds, note: "our products alone, an epoch's worth" });
  const rows = [
    { what: "one step's 8 products, ours (new operands, as in training)", ms: (ours * 1000).toFixed(2), "GMAC/s": g(MLP_STEP_MACS / ours) },
    { what: "the same, operands reused (XNNPACK's packed b cached)", ms: (oursCached * 1000).toFixed(2), "GMAC/s": g(MLP_STEP_MACS / oursCached) },
    { what: "the same products, torch (1 thread)", ms: torchSeconds ? (torchSeconds * 1000).toFixed(2) : String(torch), "GMAC/s": torchSeconds ? g(MLP_STEP_MACS / torchSeconds) : "—" },
    { what: "WebAssembly SIMD ceiling on this CPU", ms: ((MLP_STEP_MACS / ceiling) * 1000).toFixed(2), "GMAC/s": g(ceiling) },
  ];
  console.log(`\nMLP roofline: ${(MLP_EPOCH_MACS / 1e9).toFixed(1)} G multiply-adds per epoch`);
  console.table(rows);
  if (torchEpochSeconds) {
    console.log(`an epoch of only our products: ${productsEpoch.value.toFixed(2)} s = ${productsEpoch.ratio!.toFixed(2)}× torch's whole epoch; ` +
      `at the WebAssembly ceiling with nothing else: ${floor.value.toFixed(2)} s = ${floor.ratio!.toFixed(2)}× (goal ≤ 1.5×)`);
  }
  const cnnFloor = record("fashion-cnn-epoch-floor-at-wasm-ceiling", CNN_EPOCH_MACS / ceiling, "s", { torch: torchCnnEpochSeconds, note: `the CNN's ${(CNN_EPOCH_MACS / 1e9).toFixed(0)} G multiply-adds per epoch at the WebAssembly SIMD ceiling, nothing else` });
  if (cnnFloor.ratio !== undefined) {
    console.log(`CNN: ${(CNN_EPOCH_MACS / 1e9).toFixed(0)} G multiply-adds per epoch; at the ceiling with nothing else ${cnnFloor.value.toFixed(2)} s = ${cnnFloor.ratio.toFixed(2)}× torch's epoch`);
  }
  record("fashion-mlp-step-products-operands-reused", oursCached, "s", { torch: torchSeconds, note: `${backend}: the same products, the same operands every time` });
  return { backend, stepProductsSeconds: ours, stepProductsOperandsReusedSeconds: oursCached, torchStepProductsSeconds: torch, ceilingMacsPerSecond: ceiling, epochMacs: MLP_EPOCH_MACS, cnnEpochMacs: CNN_EPOCH_MACS, rows };
}
