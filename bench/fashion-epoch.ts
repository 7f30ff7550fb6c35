/**
 * Issue 17, item 4: one Fashion-MNIST training epoch (60,000 images, 469 batches of 128, the last
 * one 96; Adam lr 1e-3; cross-entropy) of an MLP 784-256-256-10 (ReLU) and of a small CNN, on tfjs
 * through `train.trainEpoch` (the loop `train.fit` runs) beside torch 1.13 on one thread
 * (bench/torch_fashion.py), epochs alternating between the two so that load from other processes
 * hits both alike; the minimum over the repetitions on each side.
 *
 * The models: bench/fashion-models.ts (the CNN: conv 5×5 1→16 + ReLU + max-pool 2, conv 5×5 16→32 +
 * ReLU + max-pool 2, dense 512→10, LeNet-like).
 */
import { spawn, ChildProcessWithoutNullStreams } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { tf as dtf, train, data } from "../src";
import { rng } from "../src/rng";
import { MODELS, ModelName, makeModel } from "./fashion-models";
import { TORCH_ENV } from "./torch-env";
export { MODELS, makeModel };
export type { ModelName };

const tf = dtf.tf;
export const BATCH = 128;
export const FASHION_DIR = process.env.DESCENT_DATA_FASHION_MNIST || "/usr/share/datasets/fashion-mnist";

/**
 * Wall-clock seconds, and the process's CPU seconds (ours: every thread of Node, the garbage
 * collector's included; torch: its process) — on a machine shared with other work the CPU time
 * is inflated less by the load than the wall clock.
 */
export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** The 60,000 training images on the device (loaded through the library's loader). */
export async function fashionTrainSet(): Promise<train.DeviceSet> {
  const d = await data.loadFashionMnist({ seed: 0 });
  const n = d.yTrain.length;
  return { x: tf.tensor2d(d.xTrain, [n, 784]), y: tf.tensor1d(d.yTrain, "int32") };
}

/** One model with its optimizer, ready to time epochs (a warm-up step taken). */
export class OurEpochs {
  readonly model: dtf.tf.Sequential;
  private readonly optimizer = dtf.optim.adam({ lr: 1e-3 });
  private readonly vars: dtf.tf.Variable[];
  private readonly shuffle = rng(0);
  private readonly indices: number[];
  private constructor(
    readonly name: ModelName,
    private readonly set: train.DeviceSet,
  ) {
    this.model = makeModel(name);
    this.vars = this.model.trainableWeights.map((w) => w.read() as dtf.tf.Variable);
    this.indices = Array.from({ length: set.y.shape[0] }, (_, i) => i);
  }
  /** A model ready to time: one warm-up batch has compiled the kernels and created the optimizer's slots. */
  static async create(name: ModelName, set: train.DeviceSet): Promise<OurEpochs> {
    const ours = new OurEpochs(name, set);
    await train.trainEpoch(ours.model, ours.optimizer, set, Int32Array.from(ours.indices.slice(0, BATCH)), BATCH, ours.vars); // warm-up
    return ours;
  }
  /** Seconds of `steps` batches (default: a whole epoch), shuffled as train.fit shuffles. */
  async epoch(steps?: number): Promise<Timing> {
    this.shuffle.shuffle(this.indices);
    const order = Int32Array.from(steps === undefined ? this.indices : this.indices.slice(0, steps * BATCH));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await train.trainEpoch(this.model, this.optimizer, this.set, order, BATCH, this.vars); // reads the loss: the device has finished
    const c = process.cpuUsage(c0);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
  }
  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

/** bench/torch_fashion.py as a child that times one epoch per request; null (with why) without torch. */
export class TorchEpochs {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    readonly version: string,
  ) {}

  static async start(): Promise<TorchEpochs | { skipped: string }> {
    const script = path.resolve(__dirname, "torch_fashion.py");
    const child = spawn("/usr/bin/python3", [script, FASHION_DIR], { stdio: ["pipe", "pipe", "pipe"], env: TORCH_ENV });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const failed = new Promise<{ skipped: string }>((resolve) => {
      child.on("error", (e) => resolve({ skipped: `/usr/bin/python3 could not start (${e.message})` }));
      child.on("exit", () => {
        const why = /No module named 'torch'/.test(stderr) ? "torch not installed (Debian python3-torch)" : `torch_fashion.py failed: ${stderr.trim().split("\n").pop()}`;
        resolve({ skipped: why });
      });
    });
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = lines.next().then((r) => (r.done ? null : JSON.parse(r.value)));
    const got = await Promise.race([first, failed]);
    if (!got || "skipped" in got) return got ?? (await failed);
    return new TorchEpochs(child, lines, `${got.torch} (BLAS: ${got.blas})`);
  }

  async epoch(name: ModelName, steps?: number): Promise<Timing> {
    this.child.stdin.write(name + (steps === undefined ? "" : ` ${steps}`) + "\n");
    const r = await this.lines.next();
    if (r.done) throw new Error("torch_fashion.py ended early");
    const msg = JSON.parse(r.value);
    if (typeof msg.seconds !== "number") throw new Error(`torch_fashion.py: ${r.value}`);
    return { seconds: msg.seconds, cpuSeconds: msg.cpuSeconds };
  }

  stop(): void {
    this.child.stdin.end();
  }
}

export interface EpochTimes {
  ours: Record<ModelName, Timing[]>;
  torch: Record<ModelName, Timing[]> | null;
  torchVersion?: string;
  torchSkipped?: string;
}

/** `repeats` epochs of each model on each side, interleaved torch, ours, torch, ours, … */
export async function timeEpochs(repeats: number, log: (s: string) => void = () => {}, steps?: number): Promise<EpochTimes> {
  const set = await fashionTrainSet();
  const torch = await TorchEpochs.start();
  const hasTorch = torch instanceof TorchEpochs;
  if (!hasTorch) log(`torch not measured: ${torch.skipped}`);
  const out: EpochTimes = { ours: { mlp: [], cnn: [] }, torch: hasTorch ? { mlp: [], cnn: [] } : null };
  if (hasTorch) out.torchVersion = torch.version;
  else out.torchSkipped = torch.skipped;
  try {
    for (const name of MODELS) {
      const ours = await OurEpochs.create(name, set);
      for (let r = 0; r < repeats; r++) {
        if (hasTorch) out.torch![name].push(await torch.epoch(name, steps));
        out.ours[name].push(await ours.epoch(steps));
        const f = (t: Timing) => `${t.seconds.toFixed(2)} s (CPU ${t.cpuSeconds.toFixed(2)} s)`;
        log(`  ${name} epoch ${r + 1}/${repeats}: ours ${f(out.ours[name][r])}` + (hasTorch ? `, torch ${f(out.torch![name][r])}` : ""));
      }
      ours.dispose();
    }
  } finally {
    if (hasTorch) torch.stop();
    tf.dispose([set.x, set.y]);
  }
  return out;
}

/** min over repetitions */
export const fastest = (ts: Timing[]): Timing => ({
  seconds: Math.min(...ts.map((t) => t.seconds)),
  cpuSeconds: Math.min(...ts.map((t) => t.cpuSeconds)),
});

const STEPS_FLAG = "--steps";

/** Seconds per step of `steps`-batch chunks (min of `chunks`), for each model, in this process. */
export async function timeChunks(steps: number, chunks: number): Promise<Record<ModelName, Timing>> {
  const set = await fashionTrainSet();
  const out = {} as Record<ModelName, Timing>;
  for (const name of MODELS) {
    const ours = await OurEpochs.create(name, set);
    const timings: Timing[] = [];
    for (let c = 0; c < chunks; c++) timings.push(await ours.epoch(steps));
    const t = fastest(timings);
    out[name] = { seconds: t.seconds / steps, cpuSeconds: t.cpuSeconds / steps };
    ours.dispose();
  }
  tf.dispose([set.x, set.y]);
  return out;
}

/**
 * The same chunks in a child process with tfjs-wasm's kernels as shipped (DESCENT_WASM_KERNELS=
 * native: only the missing Conv2DBackpropFilter added, without which the CNN cannot train at all):
 * what src/tf/kernels saves. Per-step seconds, or why not measured.
 */
export function chunksAsShipped(steps: number, chunks: number): Promise<Record<ModelName, Timing> | { skipped: string }> {
  const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
  return new Promise((resolve) => {
    const child = spawn(tsx, [__filename, STEPS_FLAG, String(steps), String(chunks)], {
      env: { ...process.env, DESCENT_WASM_KERNELS: "native", DESCENT_BACKEND: "wasm" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (err += b));
    child.on("exit", (code) => {
      if (code !== 0) return resolve({ skipped: err.trim().split("\n").pop() ?? `exit ${code}` });
      resolve(JSON.parse(out.trim().split("\n").pop()!));
    });
  });
}

if (require.main === module && process.argv.includes(STEPS_FLAG)) {
  const at = process.argv.indexOf(STEPS_FLAG);
  dtf
    .ready({ backend: "wasm" })
    .then(() => timeChunks(Number(process.argv[at + 1]), Number(process.argv[at + 2])))
    .then((r) => console.log(JSON.stringify(r)));
}
