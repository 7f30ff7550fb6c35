/**
 * Where accelerated kernels plug in. The rule files (torch/*.ts, book/*.ts) are the reference: an
 * accelerator registers, per optimizer name, a step that computes the same bits faster, and
 * possibly a faster finite-input check. core.ts, state.ts and run.ts ask here; nothing in the
 * library imports the accelerators themselves: the entry points install them
 * (src/optim/accelerated/node.ts, src/optim/accelerated/browser.ts).
 */
import type { Vec } from "../types";
import type { OptimizerState } from "./types";

/** One accelerated update: the whole step in place, returning true; or false, with nothing written, and the rule's own loop runs. */
export type AcceleratedStep = (x: Vec, g: Vec, state: OptimizerState, lr: number) => boolean;

/** An accelerator's kernel for one optimizer (by name: "adam", "adamw", …). */
export interface AcceleratedRule {
  /** The step for these (validated) hyperparameters, or null when this accelerator has no variant for them. Asked once per optimizer. */
  step(hyperparams: unknown): AcceleratedStep | null;
  /** `count` zero buffers like x where the step can reach them (x's wasm arena), or null for plain arrays. */
  buffersLike?(x: Vec, count: number): Vec[] | null;
}

export interface Accelerator {
  /** Unique; installing another with the same name replaces it. */
  name: string;
  rules?: { [optimizerName: string]: AcceleratedRule };
  /** Whether every entry of a and b (equal lengths) is finite; null when this check does not apply to them. */
  allFinite?(a: Vec, b: Vec): boolean | null;
  /** A copy of x0 that its kernels can step (in x0's arena), or null when x0 is not theirs. */
  copyOf?(x0: Vec): Vec | null;
}

const installed: Accelerator[] = [];
let generation = 0;

/** Installs an accelerator after those already installed (earlier ones are asked first). */
export function installAccelerator(accelerator: Accelerator): void {
  const at = installed.findIndex((a) => a.name === accelerator.name);
  if (at >= 0) installed[at] = accelerator;
  else installed.push(accelerator);
  generation += 1;
}

/** The installed accelerators' names, in the order they are asked. */
export function installedAccelerators(): string[] {
  return installed.map((a) => a.name);
}

/** Changes whenever an accelerator is installed, so that optimizers made before it pick it up. */
export function acceleratorGeneration(): number {
  return generation;
}

/** The installed steps for this optimizer, composed: the first that runs does the step. Null when there is none. */
export function acceleratedStep(optimizerName: string, hyperparams: unknown): AcceleratedStep | null {
  const steps: AcceleratedStep[] = [];
  for (const a of installed) {
    const step = a.rules?.[optimizerName]?.step(hyperparams);
    if (step) steps.push(step);
  }
  if (steps.length === 0) return null;
  if (steps.length === 1) return steps[0];
  return (x, g, state, lr) => {
    for (let i = 0; i < steps.length; i++) if (steps[i](x, g, state, lr)) return true;
    return false;
  };
}

/** Zero state buffers placed by the first accelerator that wants them, or null (plain arrays). */
export function acceleratedBuffers(optimizerName: string, x: Vec, count: number): Vec[] | null {
  for (const a of installed) {
    const buffers = a.rules?.[optimizerName]?.buffersLike?.(x, count);
    if (buffers) return buffers;
  }
  return null;
}

/** The first installed finite check that applies to a and b, or null (the plain check decides). */
export function acceleratedAllFinite(a: Vec, b: Vec): boolean | null {
  for (let i = 0; i < installed.length; i++) {
    const check = installed[i].allFinite;
    const answer = check ? check(a, b) : null;
    if (answer !== null) return answer;
  }
  return null;
}

/** A copy of x0 for a run to step: where an accelerator can reach it, else a plain Float64Array. */
export function copyForStepping(x0: ArrayLike<number>): Vec {
  if (x0 instanceof Float64Array) {
    for (const a of installed) {
      const copy = a.copyOf?.(x0);
      if (copy) return copy;
    }
  }
  return Float64Array.from(x0);
}
