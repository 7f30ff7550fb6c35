import { fail } from "../args";
import { nonNegative, resolveOptions, unitClosed } from "../optim/options";
import { makeSchedule, positiveInt, type Schedule } from "./schedule";

/** Constant learning rate. */
export function constant(opts: { lr: number }): Schedule {
  const { lr } = resolveOptions<{ lr: number }>("schedules.constant", opts, { lr: { check: nonNegative } });
  return makeSchedule("schedules.constant", `constant ${lr}`, () => lr);
}

/** Eq. 8.14: ε_k = (1 − k/τ)ε₀ + (k/τ)ε_τ for k ≤ τ, then ε_τ. */
export function linearDecay(opts: { epsilon0: number; epsilonTau: number; tau: number }): Schedule {
  const fn = "schedules.linearDecay";
  const h = resolveOptions<{ epsilon0: number; epsilonTau: number; tau: number }>(fn, opts, {
    epsilon0: { check: nonNegative },
    epsilonTau: { check: nonNegative },
    tau: { check: positiveInt },
  });
  const { epsilon0, epsilonTau, tau } = h;
  return makeSchedule(fn, `linear decay ${epsilon0} → ${epsilonTau} over τ = ${tau} (eq. 8.14)`, (k) => {
    if (k >= tau) return epsilonTau;
    const a = k / tau;
    return (1 - a) * epsilon0 + a * epsilonTau;
  });
}

/** torch's StepLR: lr·γ^⌊k/stepSize⌋. */
export function step(opts: { lr: number; stepSize: number; gamma?: number }): Schedule {
  const fn = "schedules.step";
  const h = resolveOptions<{ lr: number; stepSize: number; gamma: number }>(fn, opts, {
    lr: { check: nonNegative },
    stepSize: { check: positiveInt },
    gamma: { default: 0.1, check: unitClosed },
  });
  return makeSchedule(fn, `step: ${h.lr}·${h.gamma}^⌊k/${h.stepSize}⌋`, (k) => h.lr * Math.pow(h.gamma, Math.floor(k / h.stepSize)));
}

/** torch's ExponentialLR: lr·γ^k. */
export function exponential(opts: { lr: number; gamma: number }): Schedule {
  const fn = "schedules.exponential";
  const h = resolveOptions<{ lr: number; gamma: number }>(fn, opts, { lr: { check: nonNegative }, gamma: { check: unitClosed } });
  return makeSchedule(fn, `exponential: ${h.lr}·${h.gamma}^k`, (k) => h.lr * Math.pow(h.gamma, k));
}

/** Cosine annealing (Loshchilov & Hutter 2017, no restarts): lrMin + ½(lr − lrMin)(1 + cos(πk/tMax)), then lrMin. */
export function cosine(opts: { lr: number; tMax: number; lrMin?: number }): Schedule {
  const fn = "schedules.cosine";
  const h = resolveOptions<{ lr: number; tMax: number; lrMin: number }>(fn, opts, {
    lr: { check: nonNegative },
    tMax: { check: positiveInt },
    lrMin: { default: 0, check: nonNegative },
  });
  if (h.lrMin > h.lr) fail(fn, "lrMin", `≤ lr = ${h.lr}`, h.lrMin);
  return makeSchedule(fn, `cosine ${h.lr} → ${h.lrMin} over ${h.tMax} steps`, (k) =>
    k >= h.tMax ? h.lrMin : h.lrMin + 0.5 * (h.lr - h.lrMin) * (1 + Math.cos((Math.PI * k) / h.tMax)),
  );
}

/** 1/t decay: lr/(1 + decay·k) (Robbins–Monro: Σε = ∞, Σε² < ∞; section 8.3.1). */
export function inverseTime(opts: { lr: number; decay: number }): Schedule {
  const fn = "schedules.inverseTime";
  const h = resolveOptions<{ lr: number; decay: number }>(fn, opts, { lr: { check: nonNegative }, decay: { check: nonNegative } });
  return makeSchedule(fn, `1/t: ${h.lr}/(1 + ${h.decay}·k)`, (k) => h.lr / (1 + h.decay * k));
}

/**
 * Linear warm-up (Goyal et al. 2017): lr·(k+1)/warmupSteps for k < warmupSteps, so step warmupSteps − 1
 * uses lr; afterwards `then(k − warmupSteps)` when given, else lr.
 */
export function linearWarmup(opts: { lr: number; warmupSteps: number; then?: Schedule }): Schedule {
  const fn = "schedules.linearWarmup";
  const h = resolveOptions<{ lr: number; warmupSteps: number; then: Schedule | null }>(fn, opts, {
    lr: { check: nonNegative },
    warmupSteps: { check: positiveInt },
    then: { default: null, check: (v) => (v === null || typeof v === "function" ? null : "a schedule (a function of k)") },
  });
  const after = h.then;
  return makeSchedule(fn, `linear warm-up to ${h.lr} over ${h.warmupSteps} steps${after ? `, then ${after.description ?? "a schedule"}` : ""}`, (k) =>
    k < h.warmupSteps ? (h.lr * (k + 1)) / h.warmupSteps : after ? after(k - h.warmupSteps) : h.lr,
  );
}

/** The first n values of a schedule (for plots). */
export function values(schedule: Schedule, n: number): number[] {
  if (typeof schedule !== "function") fail("schedules.values", "schedule", "a schedule (a function of k)", schedule);
  if (!Number.isInteger(n) || n < 0) fail("schedules.values", "n", "an integer ≥ 0", n);
  return Array.from({ length: n }, (_, k) => schedule(k));
}
