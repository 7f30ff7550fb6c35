/**
 * Optimizer speed (issue 4): (a) Adam on N = 1e6 float64 parameters — time per step, against a
 * plain copy of the same arrays and against torch.optim.Adam(foreach=True), float64, 1 thread;
 * (b) 200-step runs per second on quad5 for every optimizer, against torch when it is installed.
 * Runs alone with `npx tsx bench/optim.ts`, or from `npm run bench`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { nativeKernels, optim, problems, wasmArena, type Optimizer, type OptimizerState } from "../src";
import { useNativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { allFiniteInArena } from "../src/optim/accelerated/wasm/wasm-accelerator";
import { adamModuleBytes } from "../src/optim/accelerated/wasm/adam-kernel";
import { engineHasFusedMadd, WASM_SCALAR_COUNT, writeWasmAdamScalars, writeWasmConstants, type AdamQuotient } from "../src/optim/accelerated/wasm/adam-quotient";

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

/** One Adam step's time, checked (the default) and with checkFinite: false, on the given x and g. */
function adamTimes(x: Float64Array, g: Float64Array): { checked: number; unchecked: number; state: OptimizerState } {
  const opt = optim.adam({ lr: 1e-3 });
  const state = opt.init(x);
  const checked = time(() => opt.step(x, g, state), 30);
  const unchecked = optim.adam({ lr: 1e-3, checkFinite: false });
  const state2 = unchecked.init(x);
  return { checked, unchecked: time(() => unchecked.step(x, g, state2), 30), state };
}

/**
 * The wasm arena's Adam kernel alone (default variant, N float64 entries, no finite check, no JS
 * around it), with √v/√bc2 by each quotient form this engine runs (adam-quotient.ts: fused where it
 * has fused multiply-adds, residual, and the rule's plain form with two divisions per entry), timed
 * in alternation: minimum over `reps` calls each (null: not available here).
 */
function wasmKernelAlone(x0: Float64Array, g0: Float64Array, reps: number): Record<AdamQuotient, number | null> {
  const n = x0.length;
  const WebAssemblyApi = (globalThis as any).WebAssembly;
  const scalarsAt = 5 * 8 * n;
  const memory = new WebAssemblyApi.Memory({ initial: Math.ceil((scalarsAt + 8 * WASM_SCALAR_COUNT) / 65536) });
  const forms: AdamQuotient[] = engineHasFusedMadd() ? ["fused", "residual", "division"] : ["residual", "division"];
  const kernels = forms.map((q) => [q, new WebAssemblyApi.Instance(new WebAssemblyApi.Module(adamModuleBytes(q)), { env: { memory } }).exports.adam_min_none_noams] as const);
  const f64 = new Float64Array(memory.buffer);
  f64.set(x0, 0);
  f64.set(g0, n);
  writeWasmConstants(new Uint32Array(memory.buffer, scalarsAt, 2 * WASM_SCALAR_COUNT));
  const opt = optim.adam({ lr: 1e-3 });
  const best: Record<string, number> = Object.fromEntries(forms.map((q) => [q, Infinity]));
  for (let k = 0; k < reps + 3; k++) {
    for (const [q, kernel] of kernels) {
      writeWasmAdamScalars(new Float64Array(memory.buffer, scalarsAt, WASM_SCALAR_COUNT), opt.hyperparams, 1e-3, k + 1);
      const t0 = process.hrtime.bigint();
      kernel(0, 8 * n, 16 * n, 24 * n, 32 * n, 8 * (n & ~1), scalarsAt);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (k >= 3) best[q] = Math.min(best[q], ms);
    }
  }
  return { fused: null, ...best } as Record<AdamQuotient, number | null>;
}

function adamBig(n: number) {
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(i);
    g[i] = Math.cos(3 * i);
  }
  // The default path for plain Float64Arrays: the native kernels when built (else the JS loop).
  const native = nativeKernels();
  const fast = adamTimes(x, g);
  // The same arrays Adam reads and writes (x, m, v, plus g read), copied once each.
  const { expAvg, expAvgSq } = fast.state.buffers;
  const sink = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const copyMs = time(() => {
    sink[0].set(x);
    sink[1].set(expAvg);
    sink[2].set(expAvgSq);
    sink[3].set(g);
  }, 30);
  // Without native code: the JS loop on plain arrays, and the wasm SIMD kernel on arena arrays.
  useNativeKernels(false);
  const js = adamTimes(x, g);
  const arena = wasmArena(8 * n + 16); // x, g and two states of three buffers
  const xa = arena.from(x);
  const ga = arena.from(g);
  const wasm = adamTimes(xa, ga);
  const arenaSimd = arena.simd && wasm.state.buffers.expAvg.buffer === xa.buffer;
  // The SIMD finite check alone: its share of the checked arena step.
  const simdFiniteCheckMs = time(() => allFiniteInArena(xa, ga), 30);
  const wasmKernel = wasmKernelAlone(x, g, 30);
  useNativeKernels(true);
  return { n, native, fast, js, wasm, copyMs, arenaSimd, quotient: arena.quotient, simdFiniteCheckMs, wasmKernel };
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
  const torchMs: number | null = hasTorch ? torch.adam_big_ms_per_step : null;
  const vsTorch = (ms: number) => (torchMs === null ? null : ms / torchMs);
  const path = (t: { checked: number; unchecked: number }) => ({
    msPerStep: t.checked,
    msPerStepWithoutFiniteCheck: t.unchecked,
    ratioToCopy: t.checked / big.copyMs,
    ratioToTorch: vsTorch(t.checked),
    ratioToTorchWithoutFiniteCheck: vsTorch(t.unchecked),
  });
  const result: Record<string, unknown> = {
    adam1e6: {
      n: big.n,
      ...path(big.fast),
      path: big.native.available ? `native kernels (${big.native.isa})` : `JS loop (native kernels not in use: ${big.native.reason})`,
      copyMs: big.copyMs,
      torchMsPerStep: torchMs,
      jsLoop: path(big.js),
      wasmArena: {
        simd: big.arenaSimd,
        quotient: big.quotient,
        ...path(big.wasm),
        simdFiniteCheckMsAlone: big.simdFiniteCheckMs,
        kernelAloneMs: big.quotient === null ? null : big.wasmKernel[big.quotient],
        kernelAloneFusedMs: big.wasmKernel.fused,
        kernelAloneResidualMs: big.wasmKernel.residual,
        kernelAloneTwoDivisionsMs: big.wasmKernel.division,
      },
      timing: "minimum over 30 steps, both sides",
      target: "ratioToTorch ≤ 0.6 (the default optim.adam, finite-input check on)",
    },
    quad5RunsPerSecond: Object.fromEntries(
      Object.entries(quad).map(([k, v]) => [k, { js: v, torch: hasTorch ? torch.quad5_runs_per_s[k] : null, ratio: hasTorch ? v / torch.quad5_runs_per_s[k] : null }]),
    ),
    quad5Target: "ratio ≥ 20",
    torch: hasTorch ? { version: torch.torch, threads: torch.threads } : { skipped: torch },
  };

  const f = (v: number | null, d = 2) => (v === null ? "—" : v.toFixed(d));
  const line = (label: string, t: { checked: number; unchecked: number }) =>
    console.log(`  ${label.padEnd(34)} ${f(t.checked).padStart(6)} ms/step (×${f(vsTorch(t.checked))} torch, ×${f(t.checked / big.copyMs)} copy); unchecked ${f(t.unchecked)} ms (×${f(vsTorch(t.unchecked))} torch)`);
  console.log(`Adam, N = 1e6 float64 (finite-input check on, the default; "unchecked": checkFinite: false)`);
  if (hasTorch) console.log(`  torch ${torch.torch} Adam(foreach=True), float64, 1 thread: ${f(torchMs)} ms/step (target: ours ≤ 0.6× that)`);
  else console.log(`  torch comparison skipped: ${torch}`);
  console.log(`  plain copy of x, m, v, g: ${f(big.copyMs)} ms`);
  line(big.native.available ? `default: native kernels (${big.native.isa})` : "default: JS loop (no native kernels)", big.fast);
  if (!big.native.available) console.log(`    native kernels not in use: ${big.native.reason}`);
  line("JS loop (native switched off)", big.js);
  line(`wasm arena, SIMD ${big.arenaSimd ? `on, ${big.quotient} quotient` : "NOT available"} (native off)`, big.wasm);
  console.log(`    the wasm finite check alone: ${f(big.simdFiniteCheckMs)} ms`);
  const fused = big.wasmKernel.fused === null ? "fused form not available here (no relaxed SIMD with a fused multiply-add)" : `${f(big.wasmKernel.fused)} ms with the fused quotient`;
  console.log(`    the wasm kernel alone, √v/√bc2 computed three ways, timed alternately: ${fused}, ${f(big.wasmKernel.residual)} ms with the residual quotient, ${f(big.wasmKernel.division)} ms in the rule's plain form (two divisions per entry)`);
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
