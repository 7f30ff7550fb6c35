import { describe, it, expect, beforeAll } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { tf as dtf } from "../src";

const tf = dtf.tf;
// The PyTorch 1.13 float64 runs (tests/fixtures/reference/README.md).
const refPath = path.join(__dirname, "fixtures", "reference", "optimizers.json");
const ref = JSON.parse(fs.readFileSync(refPath, "utf8"));
type Run = { id: string; problem: string; hyperparams?: Record<string, any>; algorithm?: string; params: number[][]; extra?: Record<string, number[][]>; rounding_sensitivity: { reproducible_steps: number } } & Record<string, any>;
const runs: Run[] = [...ref.torch_runs, ...ref.book_runs];
const STEPS = 200;
// float32 tolerance on a 200-step trajectory: |a − b| ≤ TOL·(1 + |b|).
const TOL = 2e-4;

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
function torchOptions(h: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(h)) {
    if (["foreach", "differentiable", "capturable", "fused"].includes(k)) continue;
    out[camel(k)] = v;
  }
  return out;
}

function makeOptimizer(run: Run): dtf.DescentOptimizer {
  const [, family, name] = run.id.split("/");
  if (family === "torch") {
    const kind = (name.startsWith("nadam_torch113") ? "nadamTorch113" : name.split("_")[0]) as keyof typeof dtf.optim;
    const opts = torchOptions(run.hyperparams!);
    if (kind.startsWith("nadam")) delete opts.maximize;
    return (dtf.optim[kind] as (o: any) => dtf.DescentOptimizer)(opts);
  }
  const algo = name.replace(/^book_8\.\d_/, "");
  const h = { ...run.hyperparams } as Record<string, number>;
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => h[k] !== undefined).map((k) => [k, h[k]]));
  switch (algo) {
    case "sgd": return dtf.book.sgd(pick("epsilon") as any);
    case "momentum": return dtf.book.momentum(pick("epsilon", "alpha", "v0") as any);
    case "nesterov": return dtf.book.nesterov(pick("epsilon", "alpha", "v0") as any);
    case "adagrad": return dtf.book.adagrad(pick("epsilon", "delta") as any);
    case "rmsprop": return dtf.book.rmsprop(pick("epsilon", "rho", "delta") as any);
    case "rmsprop_nesterov": return dtf.book.rmspropNesterov(pick("epsilon", "rho", "alpha", "v0") as any);
    case "adam": return dtf.book.adam(pick("epsilon", "rho1", "rho2", "delta") as any);
  }
  throw new Error(`no mapping for ${run.id}`);
}

/** The problems in tf ops, so gradients come from tfjs autodiff through optimizer.minimize. */
function lossFn(problem: string, x: dtf.tf.Variable): () => dtf.tf.Scalar {
  if (problem === "quad5") {
    const p = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../src/problems/reference-problems.json"), "utf8")).problems.quad5;
    const A = tf.tensor2d(p.A);
    const b = tf.tensor1d(p.b);
    return () => tf.tidy(() => {
      const col = x.reshape([-1, 1]);
      return tf.sub(tf.mul(0.5, tf.sum(tf.mul(col, tf.matMul(A, col)))), tf.sum(tf.mul(b, x))) as dtf.tf.Scalar;
    });
  }
  return () => tf.tidy(() => {
    const [a, c] = tf.split(x, 2);
    return tf.add(tf.square(tf.sub(1, a)), tf.mul(100, tf.square(tf.sub(c, tf.square(a))))).sum() as dtf.tf.Scalar;
  });
}

function trajectory(run: Run, steps = STEPS, nudge = 0): { params: number[][]; theta: number[][]; ax: number[][] } {
  const opt = makeOptimizer(run);
  const x = tf.variable(tf.tensor1d(run.params[0].map((v) => v * (1 + nudge))));
  const f = lossFn(run.problem, x);
  const params: number[][] = [Array.from(x.dataSync())];
  const theta: number[][] = [params[0]];
  const ax: number[][] = [];
  for (let k = 0; k < steps; k++) {
    opt.minimize(f, false, [x]);
    params.push(Array.from(x.dataSync()));
    const th = opt.thetaOf(x);
    theta.push(Array.from(th.dataSync()));
    th.dispose();
    const a = opt.slot(x, "ax");
    if (a) { ax.push(Array.from(a.dataSync())); a.dispose(); }
  }
  opt.dispose();
  x.dispose();
  return { params, theta, ax };
}

function maxRelErr(a: number[][], b: number[][], upto: number): { err: number; step: number } {
  let worst = { err: 0, step: 0 };
  for (let k = 0; k <= upto && k < a.length; k++) {
    for (let i = 0; i < b[k].length; i++) {
      const e = Math.abs(a[k][i] - b[k][i]) / (1 + Math.abs(b[k][i]));
      if (!(e <= worst.err)) worst = { err: e, step: k };
    }
  }
  return worst;
}

const SKIP = new Set<string>([]);
// Two float32 ulps of relative change in x0: how far float32 rounding alone moves this trajectory.
const NUDGE = 2 ** -22;
const EARLY_STEPS = 10;
const EARLY_TOL = 1e-5;

describe("tfjs optimizers follow the float64 PyTorch / book trajectories at float32 tolerance", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "cpu" });
  });
  for (const run of runs) {
    if (SKIP.has(run.id)) continue;
    it(run.id, () => {
      const upto = Math.min(STEPS, run.rounding_sensitivity.reproducible_steps);
      const { params, theta, ax } = trajectory(run, upto);
      // Where a configuration amplifies rounding, allow 10× what a 2-ulp nudge of x0 does to our own run.
      const nudged = trajectory(run, upto, NUDGE);
      const sensitivity = maxRelErr(nudged.theta, theta, upto).err;
      const tol = Math.max(TOL, 10 * sensitivity);
      const check = (ours: number[][], theirs: number[][], what: string) => {
        const early = maxRelErr(ours, theirs, EARLY_STEPS);
        expect(early.err, `${what}: first ${EARLY_STEPS} steps, worst at step ${early.step}`).toBeLessThan(EARLY_TOL);
        const all = maxRelErr(ours, theirs, upto);
        expect(all.err, `${what}: worst at step ${all.step} (nudge sensitivity ${sensitivity.toExponential(1)})`).toBeLessThan(tol);
      };
      const lookahead = run.extra?.lookahead_theta_plus_alpha_v;
      if (lookahead) check(params, lookahead, "θ + αv");
      check(theta, run.params, "θ");
      if (run.extra?.ax) check(ax, run.extra.ax.slice(1), "ASGD average");
    });
  }
});
