/**
 * Optimizer speed (issue 4): (a) Adam on N = 1e6 float64 parameters — time per step, against a
 * plain copy of the same arrays and against torch.optim.Adam(foreach=True), float64, 1 thread;
 * (b) 200-step runs per second on quad5 for every optimizer, against torch when it is installed.
 * Runs alone with `npx tsx bench/optim.ts`, or from `npm run bench`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { optim, problems, wasmArena, type Optimizer } from "../src";
import { allFiniteInArena } from "../src/optim/wasm";

const PYTHON = "/usr/bin/python3";

/** Minimum over `reps` timings of `fn`, in ms, after `warm` untimed calls (the least disturbed figure on a shared machine; torch is timed the same way). */
function time(fn: () => void, reps: number, warm = 3): number {
  for (let i = 0; i < warm; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.min(...ts);
}

function torchNumbers(): Record<string, any> | string {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    const out = execFileSync(PYTHON, [path.join(__dirname, "torch_optim.py"), "bench"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
    return JSON.parse(out.trim().split("\n").pop()!);
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? (e as Error).message);
    return /No module named 'torch'/.test(msg) ? "python3-torch is not installed" : `torch bench failed: ${msg.trim().split("\n").pop()}`;
  }
}

function adamBig(n: number) {
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(i);
    g[i] = Math.cos(3 * i);
  }
  const opt = optim.adam({ lr: 1e-3 });
  const state = opt.init(x);
  const stepMs = time(() => opt.step(x, g, state), 30);
  const unchecked = optim.adam({ lr: 1e-3, checkFinite: false });
  const state2 = unchecked.init(x);
  const uncheckedMs = time(() => unchecked.step(x, g, state2), 30);
  // The same arrays Adam reads and writes (x, m, v, plus g read), copied once each.
  const { expAvg, expAvgSq } = state.buffers;
  const sink = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const copyMs = time(() => {
    sink[0].set(x);
    sink[1].set(expAvg);
    sink[2].set(expAvgSq);
    sink[3].set(g);
  }, 30);
  // The same step with x, g, m, v in one WebAssembly arena, where Adam runs its SIMD kernel.
  const arena = wasmArena(8 * n + 16); // x, g and two states of three buffers
  const xa = arena.from(x);
  const ga = arena.from(g);
  const stateA = opt.init(xa);
  const arenaMs = time(() => opt.step(xa, ga, stateA), 30);
  const stateA2 = unchecked.init(xa);
  const arenaUncheckedMs = time(() => unchecked.step(xa, ga, stateA2), 30);
  const arenaSimd = arena.simd && stateA.buffers.expAvg.buffer === xa.buffer;
  // The SIMD finite check alone: what the checked arena step would pay if core.ts used it.
  const simdFiniteCheckMs = time(() => allFiniteInArena(xa, ga), 30);
  return { n, stepMs, uncheckedMs, copyMs, arenaMs, arenaUncheckedMs, arenaSimd, simdFiniteCheckMs };
}

const quadOptimizers: [string, () => Optimizer][] = [
  ["sgd", () => optim.sgd({ lr: 0.01 })],
  ["adagrad", () => optim.adagrad({ lr: 0.01 })],
  ["rmsprop", () => optim.rmsprop({ lr: 0.01 })],
  ["adadelta", () => optim.adadelta({ lr: 0.01 })],
  ["adam", () => optim.adam({ lr: 0.01 })],
  ["adamw", () => optim.adamw({ lr: 0.01 })],
  ["adamax", () => optim.adamax({ lr: 0.01 })],
  ["nadam", () => optim.nadam({ lr: 0.01 })],
  ["rprop", () => optim.rprop({ lr: 0.01 })],
  ["asgd", () => optim.asgd({ lr: 0.01 })],
];

function quadRuns(): Record<string, number> {
  const { objective, x0 } = problems.reference("quad5");
  const out: Record<string, number> = {};
  for (const [name, make] of quadOptimizers) {
    const opt = make();
    const once = () => {
      const x = x0.slice();
      const state = opt.init(x);
      for (let k = 0; k < 200; k++) opt.step(x, objective.grad(x), state);
    };
    const ms = time(once, 300, 50);
    out[name] = 1000 / ms;
  }
  return out;
}

export async function benchOptim(): Promise<Record<string, unknown>> {
  const big = adamBig(1_000_000);
  const quad = quadRuns();
  const torch = torchNumbers();
  const hasTorch = typeof torch !== "string";
  const result: Record<string, unknown> = {
    adam1e6: {
      n: big.n,
      msPerStep: big.stepMs,
      msPerStepWithoutFiniteCheck: big.uncheckedMs,
      copyMs: big.copyMs,
      ratioToCopy: big.stepMs / big.copyMs,
      torchMsPerStep: hasTorch ? torch.adam_big_ms_per_step : null,
      ratioToTorch: hasTorch ? big.stepMs / torch.adam_big_ms_per_step : null,
      ratioToTorchWithoutFiniteCheck: hasTorch ? big.uncheckedMs / torch.adam_big_ms_per_step : null,
      arena: {
        simd: big.arenaSimd,
        msPerStep: big.arenaMs,
        msPerStepWithoutFiniteCheck: big.arenaUncheckedMs,
        ratioToCopy: big.arenaMs / big.copyMs,
        ratioToTorch: hasTorch ? big.arenaMs / torch.adam_big_ms_per_step : null,
        ratioToTorchWithoutFiniteCheck: hasTorch ? big.arenaUncheckedMs / torch.adam_big_ms_per_step : null,
        simdFiniteCheckMsAlone: big.simdFiniteCheckMs,
      },
      timing: "minimum over 30 steps, both sides",
      target: "ratioToTorch ≤ 0.6",
    },
    quad5RunsPerSecond: Object.fromEntries(
      Object.entries(quad).map(([k, v]) => [k, { js: v, torch: hasTorch ? torch.quad5_runs_per_s[k] : null, ratio: hasTorch ? v / torch.quad5_runs_per_s[k] : null }]),
    ),
    quad5Target: "ratio ≥ 20",
    torch: hasTorch ? { version: torch.torch, threads: torch.threads } : { skipped: torch },
  };

  const f = (v: number | null, d = 2) => (v === null ? "—" : v.toFixed(d));
  console.log(`Adam, N = 1e6 float64: ${f(big.stepMs)} ms/step; plain copy of x, m, v, g: ${f(big.copyMs)} ms (step/copy = ${f(big.stepMs / big.copyMs)})`);
  console.log(`  without the finite-input check (checkFinite: false): ${f(big.uncheckedMs)} ms/step`);
  if (hasTorch) console.log(`  torch ${torch.torch} Adam(foreach=True), float64, 1 thread: ${f(torch.adam_big_ms_per_step)} ms/step → ours/torch = ${f(big.stepMs / torch.adam_big_ms_per_step)} (unchecked ${f(big.uncheckedMs / torch.adam_big_ms_per_step)}; target ≤ 0.6)`);
  else console.log(`  torch comparison skipped: ${torch}`);
  const vsTorch = (ms: number) => (hasTorch ? ` → ours/torch = ${f(ms / torch.adam_big_ms_per_step)}` : "");
  console.log(`  in a wasm arena (optim.wasmArena, SIMD kernel ${big.arenaSimd ? "on" : "NOT available: JS loop"}): ${f(big.arenaMs)} ms/step${vsTorch(big.arenaMs)}; step/copy = ${f(big.arenaMs / big.copyMs)}`);
  console.log(`    without the finite-input check: ${f(big.arenaUncheckedMs)} ms/step${vsTorch(big.arenaUncheckedMs)}`);
  console.log(`    the check's share: ≈ ${f(big.arenaMs - big.arenaUncheckedMs)} ms per step (checked − unchecked); the SIMD check alone (allFiniteInArena, what allFinite uses for arena arrays) ${f(big.simdFiniteCheckMs)} ms`);
  console.log("\n200-step runs per second on quad5 (target: ≥ 20× torch)");
  console.log(`${"optimizer".padEnd(10)} ${"ours".padStart(10)} ${"torch".padStart(10)} ${"ratio".padStart(8)}`);
  for (const [k, v] of Object.entries(quad)) {
    const t = hasTorch ? torch.quad5_runs_per_s[k] : null;
    console.log(`${k.padEnd(10)} ${v.toFixed(0).padStart(10)} ${(t === null ? "—" : t.toFixed(1)).padStart(10)} ${(t === null ? "—" : (v / t).toFixed(0) + "×").padStart(8)}`);
  }
  return result;
}

if (require.main === module) {
  benchOptim().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
