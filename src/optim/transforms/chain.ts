import type { Vec } from "../../types";
import { fail } from "../../args";
import { checkParams, checkState, gradientAt, newState } from "../state";
import type { GradientArg, Optimizer, OptimizerState } from "../types";
import type { Transform } from "./transform";

/**
 * `optimizer` with `transforms` applied in order (optax-style chain). The chain's state holds the
 * optimizer's state first and then one state per transform, so saveState/loadState cover it all.
 */
export function chain<H>(optimizer: Optimizer<H>, ...transforms: Transform[]): Optimizer<{ optimizer: H; transforms: string[] }> {
  const fn = "optim.chain";
  if (!optimizer || typeof optimizer.stepWithLr !== "function" || typeof optimizer.init !== "function") {
    fail(fn, "optimizer", "an optimizer (from optim or book)", optimizer);
  }
  transforms.forEach((t, i) => {
    if (!t || typeof t !== "object" || typeof t.name !== "string") fail(fn, `transforms[${i}]`, "a transform (clipByGlobalNorm, scheduleLr, …)", t);
  });
  const kind = `chain(${[optimizer.kind, ...transforms.map((t) => t.name)].join(",")})`;
  const name = `chain(${[optimizer.name, ...transforms.map((t) => t.name)].join(", ")})`;
  const gradientSteps = transforms.filter((t) => t.gradient);
  const finite = (optimizer.hyperparams as { checkFinite?: boolean } | null)?.checkFinite !== false;
  let scratch = new Float64Array(0);
  const averaging = [...transforms].reverse().find((t) => t.averaged);

  const transformed = (raw: Vec, x: Vec, s: OptimizerState, n: number): Vec => {
    if (gradientSteps.length === 0) return raw;
    if (scratch.length !== n) scratch = new Float64Array(n);
    scratch.set(raw);
    transforms.forEach((t, i) => t.gradient && t.gradient(scratch, x, s.children![i + 1]));
    return scratch;
  };

  const stepWithLr = (x: Vec, grad: GradientArg, s: OptimizerState, baseLr: number): void => {
    const stepFn = `${name}.step`;
    checkParams(stepFn, x, finite);
    checkState(stepFn, s, kind, x.length);
    const n = x.length;
    let lr = baseLr;
    transforms.forEach((t, i) => {
      if (t.lr) lr = t.lr(lr, s.children![i + 1]);
    });
    const inner: GradientArg =
      typeof grad === "function"
        ? (p: Vec) => transformed(gradientAt(stepFn, grad, p, n, finite), x, s, n).slice()
        : transformed(gradientAt(stepFn, grad, x, n, finite), x, s, n);
    optimizer.stepWithLr(x, inner, s.children![0], lr);
    transforms.forEach((t, i) => t.afterStep && t.afterStep(x, s.children![i + 1]));
    for (let i = 1; i < s.children!.length; i++) s.children![i].t += 1;
    s.t += 1;
  };

  const opt: Optimizer<{ optimizer: H; transforms: string[] }> = {
    name,
    kind,
    hyperparams: { optimizer: optimizer.hyperparams, transforms: transforms.map((t) => t.name) },
    lr: optimizer.lr,
    init(x0) {
      const x = x0 instanceof Float64Array ? x0 : Float64Array.from(x0 as ArrayLike<number>);
      const state = newState(kind, 0, []);
      state.children = [optimizer.init(x)];
      for (const t of transforms) {
        const ts = newState(`transform:${t.name}`, x.length, t.buffers ?? [], t.scalars ?? {});
        if (t.initState) t.initState(ts, x);
        state.children.push(ts);
      }
      return state;
    },
    step(x, grad, state) {
      stepWithLr(x, grad, state, optimizer.lr);
    },
    stepWithLr,
  };
  if (averaging) {
    const idx = transforms.indexOf(averaging) + 1;
    opt.averaged = (s) => averaging.averaged!(s.children![idx]);
  } else if (optimizer.averaged) {
    const inner = optimizer.averaged;
    opt.averaged = (s) => inner(s.children![0]);
  }
  if (optimizer.lookahead) {
    const inner = optimizer.lookahead;
    opt.lookahead = (x, s) => inner(x, s.children![0]);
  }
  return opt;
}
