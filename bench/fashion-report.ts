/**
 * The Fashion-MNIST part of the tf bench (issue 17, item 4): epochs of ours and torch's, the
 * kernels as shipped beside ours, and webgl/webgpu in headless Chromium; printed as tables and
 * recorded (bench/record.ts) as fashion-mlp-epoch, fashion-cnn-epoch, …
 */
import { execSync } from "child_process";
import * as os from "os";
import { tf as dtf } from "../src";
import { record } from "./record";
import { MODELS, ModelName, Timing, chunksAsShipped, fastest, timeChunks, timeEpochs } from "./fashion-epoch";
import { browserEpochs } from "./browser-epoch";
import { mlpProductsTable } from "./fashion-products";

const TARGET = 1.5;
/** Epochs per side and model (min taken); DESCENT_BENCH_REPEATS overrides. */
const repeats = () => Math.max(1, Number(process.env.DESCENT_BENCH_REPEATS) || 2);
const STEPS_PER_EPOCH = 469;
/** DESCENT_BENCH_STEPS: time only that many steps per "epoch" (to test the bench itself; labelled). */
const partial = () => (Number(process.env.DESCENT_BENCH_STEPS) > 0 ? Number(process.env.DESCENT_BENCH_STEPS) : undefined);

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(", ");
const f = (v: number | undefined, d = 2) => (v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(d));

export async function benchFashion(): Promise<Record<string, unknown>> {
  const backend = dtf.lastReport()?.backend ?? (await dtf.ready()).backend;
  const n = repeats();
  console.log(`Fashion-MNIST, one epoch = 60,000 images, ${STEPS_PER_EPOCH} batches of 128 (last 96), Adam lr 1e-3, on ${dtf.describe()}`);
  console.log("MLP 784-256-256-10 ReLU; CNN conv5×5 1→16 ReLU maxpool2, conv5×5 16→32 ReLU maxpool2, dense 512→10 (both sides)");
  console.log(`ours: train.trainEpoch; torch (/usr/bin/python3, bench/torch_fashion.py): torch.set_num_threads(1); epochs alternate ours/torch; min of ${n} per side; load average before: ${load()}`);
  const steps = partial();
  if (steps) console.log(`DESCENT_BENCH_STEPS=${steps}: PARTIAL epochs of ${steps} steps (a test of the bench, not the figures)`);
  const times = await timeEpochs(n, console.log, steps);
  const loadAfter = load();
  const rows: Record<string, unknown>[] = [];
  const result: Record<string, unknown> = { backend, repeats: n, torchVersion: times.torchVersion, torchSkipped: times.torchSkipped };
  for (const name of MODELS) {
    const ours = fastest(times.ours[name]);
    const torch = times.torch ? fastest(times.torch[name]) : undefined;
    const what = steps ? `PARTIAL epoch of ${steps} steps` : "epoch";
    const wall = record(`fashion-${name}-epoch`, ours.seconds, "s", { torch: torch?.seconds, note: `${backend}, ${what}, wall clock, min of ${n}` });
    const cpu = record(`fashion-${name}-epoch-cpu`, ours.cpuSeconds, "s", { torch: torch?.cpuSeconds, note: `${backend}, ${what}, process CPU time, min of ${n}` });
    rows.push({
      model: name,
      "ours s": f(ours.seconds),
      "torch s": f(torch?.seconds),
      ratio: f(wall.ratio),
      "ours CPU s": f(ours.cpuSeconds),
      "torch CPU s": f(torch?.cpuSeconds),
      "CPU ratio": f(cpu.ratio),
      [`≤ ${TARGET}?`]: wall.ratio === undefined ? "—" : wall.ratio <= TARGET ? "yes" : "no",
    });
    result[name] = { ours: times.ours[name], torch: times.torch?.[name] };
  }
  if (!times.torch) console.log(`torch not installed (or not runnable): ${times.torchSkipped}; ours timed alone`);
  else console.log(`torch ${times.torchVersion}, 1 thread (OMP/OpenBLAS/MKL threads 1)`);
  console.table(rows);
  console.log(`load average after: ${loadAfter} (this machine is shared: the CPU-time columns are the less load-sensitive comparison)`);
  result.table = rows;

  if (backend === "wasm") {
    const torchMlp = times.torch && !steps ? fastest(times.torch.mlp).seconds : undefined;
    result.mlpProducts = mlpProductsTable(torchMlp);
    result.asShipped = await asShippedTable();
  }
  result.browser = process.env.DESCENT_BENCH_BROWSER === "0" ? { skipped: "DESCENT_BENCH_BROWSER=0" } : await browserSection();
  return result;
}

/** Per-step times of short chunks with tfjs-wasm's kernels as shipped vs ours, extrapolated to an epoch. */
async function asShippedTable(): Promise<Record<string, unknown>> {
  const steps = 20;
  const chunks = 2;
  const before = await chunksAsShipped(steps, chunks);
  if ("skipped" in before) {
    console.log(`kernels as shipped: not measured (${before.skipped})`);
    return before;
  }
  const after = await timeChunks(steps, chunks);
  const rows = MODELS.map((name: ModelName) => {
    const [b, a]: Timing[] = [before[name], after[name]];
    const epoch = (t: Timing) => t.seconds * STEPS_PER_EPOCH;
    record(`fashion-${name}-epoch-kernels-as-shipped`, epoch(b), "s", { note: `extrapolated from ${chunks} × ${steps} steps` });
    record(`fashion-${name}-speedup-from-src-tf-kernels`, b.seconds / a.seconds, "×", { note: `wall clock, min of ${chunks} chunks of ${steps} steps` });
    record(`fashion-${name}-speedup-from-src-tf-kernels-cpu`, b.cpuSeconds / a.cpuSeconds, "×", { note: `process CPU time, min of ${chunks} chunks of ${steps} steps` });
    return {
      model: name,
      "as shipped ms/step": f(b.seconds * 1000, 1),
      "ours ms/step": f(a.seconds * 1000, 1),
      speedup: f(b.seconds / a.seconds),
      "CPU speedup": f(b.cpuSeconds / a.cpuSeconds),
      "as shipped epoch s (extrapolated)": f(epoch(b), 1),
    };
  });
  console.log(`\ntfjs-wasm kernels as shipped (+ the missing Conv2DBackpropFilter) vs src/tf/kernels: min of ${chunks} chunks of ${steps} steps each`);
  console.table(rows);
  return { before, after, rows };
}

async function browserSection(): Promise<unknown> {
  let chromium = "";
  try {
    chromium = execSync("command -v chromium", { encoding: "utf8" }).trim();
  } catch {
    /* none */
  }
  if (!chromium) {
    console.log("\nbrowser (webgl/webgpu): skipped, no chromium on PATH");
    return { skipped: "no chromium" };
  }
  const r = await browserEpochs();
  if ("skipped" in r) {
    console.log(`\nbrowser (webgl/webgpu): skipped (${r.skipped})`);
    return r;
  }
  const rows = r.rows.map((x) => {
    for (const name of MODELS) {
      const t = x[name];
      if (typeof t === "number") record(`browser-${x.backend}-fashion-${name}-epoch-extrapolated`, t * STEPS_PER_EPOCH, "s", { note: `${x.adapter}; ${x.steps[name]} steps timed, ×${STEPS_PER_EPOCH}` });
    }
    return {
      backend: x.backend,
      device: x.adapter,
      "mlp ms/step": typeof x.mlp === "number" ? f(x.mlp * 1000, 1) : x.mlp,
      "mlp epoch s (extrapolated)": typeof x.mlp === "number" ? f(x.mlp * STEPS_PER_EPOCH, 1) : "—",
      "cnn ms/step": typeof x.cnn === "number" ? f(x.cnn * 1000, 1) : x.cnn,
      "cnn epoch s (extrapolated)": typeof x.cnn === "number" ? f(x.cnn * STEPS_PER_EPOCH, 1) : "—",
    };
  });
  console.log(`\nthe same models in headless Chromium (${r.browser}), a few steps each, extrapolated to ${STEPS_PER_EPOCH} steps; software rendering here (SwiftShader), not a GPU`);
  console.table(rows);
  return r;
}
