import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { book, optim, problems, run, type Optimizer } from "../src";

// The trusted PyTorch 1.13 / NumPy reference runs (tests/fixtures/reference/README.md says how they were made).
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "reference", "optimizers.json"), "utf8"));

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const torchOnly = new Set(["foreach", "differentiable", "capturable", "fused"]);

function torchOptimizer(run: any): Optimizer {
  const opts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run.hyperparams)) if (!torchOnly.has(k)) opts[camel(k)] = v;
  const name = String(run.optimizer).split(".").pop();
  if (run.config === "nadam_torch113_single_tensor") return optim.nadamTorch113(opts);
  const factory = (optim as Record<string, (o: unknown) => Optimizer>)[String(name).toLowerCase()];
  if (!factory) throw new Error(`no optimizer for ${name}`);
  return factory(opts);
}

function bookOptimizer(run: any): Optimizer {
  const which: Record<string, keyof typeof book> = {
    "8.1": "sgd", "8.2": "momentum", "8.3": "nesterov", "8.4": "adagrad", "8.5": "rmsprop", "8.6": "rmspropNesterov", "8.7": "adam",
  };
  const key = Object.keys(which).find((k) => String(run.algorithm).includes(k) || run.id.includes(`book_${k}`))!;
  return (book[which[key]] as (o: unknown) => Optimizer)(run.hyperparams);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const b = expected[i];
    const err = Math.abs(actual[i] - b);
    if (!(err <= 1e-9 * (1 + Math.abs(b)))) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${b} (|Δ| = ${err})`);
  }
}

function check(r: any, opt: Optimizer) {
  const { objective, x0 } = problems.reference(r.problem);
  const steps = r.rounding_sensitivity.reproducible_steps as number;
  const traj = run(opt, objective, { x0, steps });
  for (let k = 0; k <= steps; k++) {
    expectClose(traj.params[k], r.params[k], `${r.id} params[${k}]`);
    expectClose([traj.loss[k]], [r.loss[k]], `${r.id} loss[${k}]`);
    if (r.extra?.ax) expectClose(traj.averaged![k], r.extra.ax[k], `${r.id} ax[${k}]`);
    if (r.extra?.lookahead_theta_plus_alpha_v) expectClose(traj.lookahead![k], r.extra.lookahead_theta_plus_alpha_v[k], `${r.id} lookahead[${k}]`);
  }
}

describe("torch 1.13 reference runs", () => {
  for (const r of ref.torch_runs) it(r.id, () => check(r, torchOptimizer(r)));
});

describe("book Algorithms 8.1–8.7 reference runs", () => {
  for (const r of ref.book_runs) it(r.id, () => check(r, bookOptimizer(r)));
});
