/**
 * Garbage collections while optimizers step (issue 4, item 7; a benchmark since issue 15: the
 * counts depend on V8's timing on a busy machine, so they are measured and printed, not asserted).
 * bench/allocation-steps.ts runs under `node --trace-gc` with a 1 MiB young generation, where every
 * collection prints a line. The control allocates one boxed number (16 bytes) per step: its count is
 * what a 16-byte-per-step leak looks like, next to each path's. V8 compiles on its main thread here
 * (no concurrent recompilation or OSR), so the steps run optimized code, not the interpreter's.
 * Runs alone with `npx tsx bench/allocation.ts`, or from `npm run bench`.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const V8_FLAGS = ["--trace-gc", "--max-semi-space-size=1", "--no-concurrent-recompilation", "--no-concurrent-osr"];

interface Count {
  mode: string;
  steps: number;
  what: string;
  collections: number | null;
  /** Which case collected, when any did (the trace's lines around the collections). */
  trace?: string;
  error?: string;
}

function collectionsDuringSteps(mode: string, steps: number, what: string): Count {
  const script = path.join(__dirname, "allocation-steps.ts");
  const r = spawnSync(process.execPath, [...V8_FLAGS, "--import", "tsx", script, mode, String(steps)], { encoding: "utf8", timeout: 180_000 });
  const lines = (r.stdout ?? "").split("\n");
  const from = lines.indexOf("MARK");
  const to = lines.indexOf("END");
  if (r.status !== 0 || from < 0 || to < from) {
    return { mode, steps, what, collections: null, error: `exit ${r.status}: ${`${r.stdout}${r.stderr}`.trim().split("\n").slice(-3).join(" | ")}` };
  }
  const isCollection = (l: string) => /Scavenge|Mark-Compact|Mark-sweep/i.test(l);
  const window = lines.slice(from + 1, to);
  const collections = window.filter(isCollection).length;
  const trace = window.filter((l) => isCollection(l) || l.startsWith("CASE ")).join("\n");
  return collections > 0 ? { mode, steps, what, collections, trace } : { mode, steps, what, collections };
}

const runs: [mode: string, steps: number, what: string][] = [
  ["allocating", 400_000, "control: one boxed number (16 bytes) per step"],
  ["small", 900_000, "every optimizer on the JS path (n = 5), ASGD also while averaging"],
  ["native", 200_000, "Adam and AdamW (amsgrad) through the native kernels, n = 1024"],
  ["wasm", 400_000, "Adam through the wasm arena's SIMD kernel, n = 1024"],
  ["js", 400_000, "Adam through the JS loop (native kernels off), n = 1024"],
];

export async function benchAllocation(): Promise<Record<string, unknown>> {
  const counts = runs.map(([mode, steps, what]) => collectionsDuringSteps(mode, steps, what));
  console.log("Garbage collections during the steps (1 MiB young generation; the control is a 16-byte-per-step leak)");
  for (const c of counts) {
    const shown = c.collections === null ? `failed: ${c.error}` : `${c.collections} collections`;
    console.log(`  ${c.what.padEnd(68)} ${String(c.steps).padStart(7)} steps: ${shown}`);
  }
  return { counts, note: "a path allocating 16 bytes per step collects about as often as the control; 0–2 one-off collections are V8's own work" };
}

if (require.main === module) {
  benchAllocation().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
