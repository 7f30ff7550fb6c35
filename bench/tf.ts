/**
 * The tf section of `npm run bench`. First issue 17's Fashion-MNIST epochs (bench/fashion-report.ts:
 * MLP and CNN vs torch, kernels as shipped, webgl/webgpu in Chromium); then issue 8's numbers, all
 * measured in one run: (a) one epoch of Adam on the digits MLP 64-256-256-10
 * (batch 32) with our tfjs Adam vs tf.train.adam on every usable backend vs torch CPU (1 thread);
 * (b) a 30 × 256 forward pass at batch 512; (c) float32 (tfjs) vs float64 (src/optim) agreement.
 * Run alone: `npx tsx bench/tf.ts`; `npm run bench` includes it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tf as dtf, train, data, optim, problems, run } from "../src";
import { benchFashion } from "./fashion-report";
import { record } from "./record";
import { TORCH_ENV } from "./torch-env";

const tf = dtf.tf;
const EPOCHS_TIMED = 3;
/** More samples where an epoch is short, so the median survives a loaded machine. */
const epochsTimed = (backend: string) => (backend === "cpu" ? EPOCHS_TIMED : 7);

type BackendResult = Record<string, unknown>;

/** One training epoch exactly as train.fit runs it (train.trainEpoch), minus evaluation. */
async function epoch(model: dtf.tf.LayersModel, optimizer: dtf.tf.Optimizer, x: dtf.tf.Tensor2D, y: dtf.tf.Tensor1D, order: Int32Array): Promise<number> {
  const vars = model.trainableWeights.map((w) => w.read() as dtf.tf.Variable);
  const t0 = performance.now();
  await train.trainEpoch(model, optimizer, { x, y }, order, 32, vars); // reads the loss back: the device has finished
  return (performance.now() - t0) / 1000;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

async function digitsEpochs(backend: string): Promise<BackendResult> {
  const d = await data.loadDigits({ seed: 0 });
  const n = d.yTrain.length;
  const x = tf.tensor2d(Float32Array.from(d.xTrain), [n, 64]);
  const y = tf.tensor1d(Int32Array.from(d.yTrain), "int32");
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const makers: Record<string, () => dtf.tf.Optimizer> = {
    ours: () => dtf.optim.adam({ lr: 1e-3 }),
    tfjs: () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8),
  };
  const times: Record<string, number[]> = { ours: [], tfjs: [] };
  const models: Record<string, dtf.tf.Sequential> = {};
  const opts: Record<string, dtf.tf.Optimizer> = {};
  for (const k of Object.keys(makers)) {
    models[k] = train.mlp({ sizes: [64, 256, 256, 10], seed: 1 });
    opts[k] = makers[k]();
    await epoch(models[k], opts[k], x, y, order); // warm-up: kernels compiled, slots created
  }
  // Interleaved so that load from other processes on this machine hits both alike.
  for (let r = 0; r < epochsTimed(backend); r++) for (const k of Object.keys(makers)) times[k].push(await epoch(models[k], opts[k], x, y, order));
  tf.dispose([x, y]);
  for (const k of Object.keys(models)) models[k].dispose();
  const ours = median(times.ours);
  const tfjs = median(times.tfjs);
  return { backend, epochSecondsOurAdam: ours, epochSecondsTfTrainAdam: tfjs, ratioOursVsTfTrainAdam: ours / tfjs, samples: times };
}

function deepForward(): number {
  const model = tf.sequential();
  const random = { seed: 7 };
  for (let l = 0; l < 30; l++) {
    model.add(tf.layers.dense({ units: 256, inputShape: l === 0 ? [256] : undefined, activation: "tanh", kernelInitializer: tf.initializers.glorotUniform({ seed: random.seed + l }) }));
  }
  const x = tf.randomNormal([512, 256], 0, 1, "float32", 3);
  (model.predict(x) as dtf.tf.Tensor).dispose(); // warm-up
  const t: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const out = model.predict(x) as dtf.tf.Tensor;
    out.dataSync();
    out.dispose();
    t.push((performance.now() - t0) / 1000);
  }
  x.dispose();
  model.dispose();
  return median(t);
}

const torchScript = `
import sys, time, json, torch
torch.set_num_threads(1); torch.manual_seed(1)
rows = [l.strip().split(',') for l in open(sys.argv[1]).read().strip().split('\\n')[1:]]
X = torch.tensor([[float(v) / 16 for v in r[:64]] for r in rows], dtype=torch.float32)
Y = torch.tensor([int(r[64]) for r in rows])
X, Y = X[:1438], Y[:1438]
model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()
def epoch():
    t0 = time.perf_counter()
    for s in range(0, len(Y), 32):
        opt.zero_grad(); loss = lossf(model(X[s:s+32]), Y[s:s+32]); loss.backward(); opt.step()
    return time.perf_counter() - t0
epoch()
ep = sorted(epoch() for _ in range(7))[3]
deep = torch.nn.Sequential(*[m for _ in range(30) for m in (torch.nn.Linear(256, 256), torch.nn.Tanh())])
x = torch.randn(512, 256)
with torch.no_grad():
    deep(x)
    ts = []
    for _ in range(3):
        t0 = time.perf_counter(); deep(x); ts.append(time.perf_counter() - t0)
print(json.dumps({"torch": torch.__version__, "epochSeconds": ep, "deepForwardSeconds": sorted(ts)[1]}))
`;

function torchTimes(): Record<string, unknown> {
  const python = "/usr/bin/python3";
  if (!fs.existsSync(python)) return { skipped: "no /usr/bin/python3" };
  const r = spawnSync(python, ["-c", torchScript, path.resolve(__dirname, "..", data.DIGITS_FILE)], { encoding: "utf8", timeout: 300_000, env: TORCH_ENV });
  if (r.status !== 0) {
    const why = (r.stderr || "").includes("No module named 'torch'") ? "python3-torch is not installed" : (r.stderr || String(r.error)).trim().split("\n").pop();
    return { skipped: why };
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** (c): 200 steps of Adam on quad5 in float32 tfjs vs the float64 reference rule. */
function float32VsFloat64(): Record<string, number> {
  const { objective, x0 } = problems.reference("quad5");
  const ref = run(optim.adam({ lr: 0.05 }), objective, { x0, steps: 200 });
  const p = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../src/problems/reference-problems.json"), "utf8")).problems.quad5;
  const A = tf.tensor2d(p.A);
  const b = tf.tensor1d(p.b);
  const x = tf.variable(tf.tensor1d(Array.from(x0)));
  const opt = dtf.optim.adam({ lr: 0.05 });
  let worst = 0;
  for (let k = 1; k <= 200; k++) {
    opt.minimize(() => tf.tidy(() => tf.sub(tf.mul(0.5, tf.sum(tf.mul(x.reshape([-1, 1]), tf.matMul(A, x.reshape([-1, 1]))))), tf.sum(tf.mul(b, x))) as dtf.tf.Scalar), false, [x]);
    const v = x.dataSync();
    for (let i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(v[i] - ref.params[k][i]) / (1 + Math.abs(ref.params[k][i])));
  }
  const fGap = Math.abs(objective.f(Float64Array.from(x.dataSync())) - ref.loss[200]);
  tf.dispose([A, b, x]);
  opt.dispose();
  return { maxRelativeParamDifference: worst, finalLossDifference: fGap };
}

const AS_SHIPPED_FLAG = "--wasm-as-shipped";

/**
 * The wasm epoch again in a child process that keeps tfjs's BatchMatMul kernel as shipped
 * (DESCENT_WASM_MATMUL=native): what src/tf/wasm-matmul.ts saves, measured in the same run.
 */
function wasmAsShipped(): BackendResult {
  const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
  const r = spawnSync(tsx, [__filename, AS_SHIPPED_FLAG], {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, DESCENT_WASM_MATMUL: "native", DESCENT_BACKEND: "wasm" },
  });
  if (r.status !== 0) return { skipped: (r.stderr || String(r.error)).trim().split("\n").pop() };
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const fmt = (v: unknown, d = 3) => (num(v) === undefined ? "—" : (v as number).toFixed(d));

export async function benchTf(): Promise<Record<string, unknown>> {
  const chosen = await dtf.ready();
  const result: Record<string, unknown> = { describe: dtf.describe() };
  // Issue 17's Fashion-MNIST epochs first: the headline figures (DESCENT_BENCH_FASHION=0 skips them).
  if (process.env.DESCENT_BENCH_FASHION !== "0") result.fashion = await benchFashion();
  await dtf.ready({ backend: chosen.backend });

  console.log(`\ndigits MLP 64-256-256-10, batch 32, one epoch of 1,438 images (median of ${epochsTimed("wasm")}); 30 × 256 tanh forward at batch 512`);
  const torch = torchTimes();
  result.torchCpu1Thread = torch;
  const perBackend: BackendResult[] = [];
  for (const name of dtf.backendOrder) {
    if (chosen.reasons[name]) {
      perBackend.push({ backend: name, skipped: chosen.reasons[name] });
      continue;
    }
    await dtf.ready({ backend: name });
    const r = await digitsEpochs(name);
    r.deepForwardSeconds = deepForward();
    if (typeof torch.epochSeconds === "number") r.ratioEpochVsTorch = (r.epochSecondsOurAdam as number) / torch.epochSeconds;
    if (typeof torch.deepForwardSeconds === "number") r.ratioDeepForwardVsTorch = (r.deepForwardSeconds as number) / torch.deepForwardSeconds;
    perBackend.push(r);
  }
  await dtf.ready({ backend: chosen.backend });
  result.backends = perBackend;
  const wasm = perBackend.find((r) => r.backend === "wasm" && typeof r.epochSecondsOurAdam === "number");
  if (wasm) {
    const shipped = wasmAsShipped();
    result.wasmBatchMatMulAsShipped = shipped;
    if (typeof shipped.epochSecondsOurAdam === "number") {
      wasm.speedupFromTransposeFirstMatMul = shipped.epochSecondsOurAdam / (wasm.epochSecondsOurAdam as number);
    }
  }
  const rows = perBackend.map((r) => {
    if (r.skipped) return { backend: r.backend, skipped: String(r.skipped).slice(0, 60) };
    const b = r.backend as string;
    record(`digits-mlp-epoch-${b}`, r.epochSecondsOurAdam as number, "s", { torch: num(torch.epochSeconds), note: "our tf.optim.adam" });
    record(`digits-mlp-epoch-${b}-tf-train-adam`, r.epochSecondsTfTrainAdam as number, "s");
    record(`deep-forward-30x256-${b}`, r.deepForwardSeconds as number, "s", { torch: num(torch.deepForwardSeconds) });
    if (num(r.speedupFromTransposeFirstMatMul)) record(`digits-mlp-epoch-${b}-speedup-transpose-first-matmul`, r.speedupFromTransposeFirstMatMul as number, "×");
    return {
      backend: b,
      "epoch s (ours)": fmt(r.epochSecondsOurAdam),
      "epoch s (tf.train.adam)": fmt(r.epochSecondsTfTrainAdam),
      "ours/tf.train": fmt(r.ratioOursVsTfTrainAdam, 2),
      "ours/torch": fmt(r.ratioEpochVsTorch, 2),
      "deep fwd s": fmt(r.deepForwardSeconds),
      "deep fwd/torch": fmt(r.ratioDeepForwardVsTorch, 2),
      "matmul patch speedup": fmt(r.speedupFromTransposeFirstMatMul, 2),
    };
  });
  if (typeof torch.epochSeconds === "number") console.log(`torch ${String(torch.torch)}, 1 thread: epoch ${fmt(torch.epochSeconds)} s, deep forward ${fmt(torch.deepForwardSeconds)} s`);
  else console.log(`torch not measured: ${String(torch.skipped)}`);
  console.table(rows);
  const agreement = float32VsFloat64();
  result.float32VsFloat64Adam = agreement;
  record("adam-float32-vs-float64-max-relative-param-difference", agreement.maxRelativeParamDifference, "");
  record("adam-float32-vs-float64-final-loss-difference", agreement.finalLossDifference, "");
  console.log(`tf.optim.adam float32 vs the float64 rule, 200 steps on quad5: max relative parameter difference ${agreement.maxRelativeParamDifference.toExponential(2)}, final loss difference ${agreement.finalLossDifference.toExponential(2)}`);
  return result;
}

if (require.main === module && process.argv.includes(AS_SHIPPED_FLAG)) {
  dtf.ready({ backend: "wasm" }).then(async () => console.log(JSON.stringify(await digitsEpochs("wasm"))));
} else if (require.main === module) {
  benchTf().then(
    (r) => {
      const out = path.resolve(__dirname, "../build/bench-tf.json");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
