/** The book's Algorithms 8.1–8.7 (Goodfellow, Bengio & Courville, ch. 8) on tfjs tensors, in the book's symbols. */
import * as tf from "@tensorflow/tfjs";
import { DescentOptimizer, ExtraOptions, TfRule } from "./base";
import { lrSpec, nonNegSpec, resolve, Spec, unitOpen } from "./hyper";

const { add, sub, mul, div, sqrt, square } = tf;
const make = (rule: TfRule, lr: number, extra: object) => new DescentOptimizer(rule, lr, extra);
const rate = (def?: number): Spec => lrSpec(def);
const unit = (def?: number): Spec => ({ default: def, check: unitOpen, allowed: "a number in [0, 1)" });
const v0Spec: Spec = { default: 0, check: (v) => typeof v === "number" && Number.isFinite(v), allowed: "a finite number (the same initial velocity for every element)" };

/** Algorithm 8.1: θ ← θ − εg. */
export function sgd(opts: { epsilon: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number }>("tf.book.sgd", opts, { epsilon: rate() });
  return make({ name: "book.sgd", hyperparams: h, slots: [], update: (p, g, _s, k) => ({ p: sub(p, mul(g, k.lr)), slots: {} }) }, h.epsilon, extra);
}

/** Algorithm 8.2: v ← αv − εg; θ ← θ + v. */
export function momentum(opts: { epsilon: number; alpha: number; v0?: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; alpha: number; v0: number }>("tf.book.momentum", opts, { epsilon: rate(), alpha: unit(), v0: v0Spec });
  return make({
    name: "book.momentum", hyperparams: h, slots: ["v"],
    initSlot: (_s, p) => tf.fill(p.shape, h.v0),
    update(p, g, s, k) {
      const v = sub(mul(s.v, h.alpha), mul(g, k.lr));
      return { p: add(p, v), slots: { v } };
    },
  }, h.epsilon, extra);
}

/**
 * Nesterov-type rules keep the variable at the look-ahead point θ̃ = θ + αv, where the gradient is
 * taken (as torch's Nesterov SGD does): θ̃ ← θ̃ + (1 + α)·v_new − α·v_old. `thetaOf` gives θ back.
 */
function lookaheadStep(p: tf.Tensor, vOld: tf.Tensor, vNew: tf.Tensor, alpha: number): tf.Tensor {
  return sub(add(p, mul(vNew, 1 + alpha)), mul(vOld, alpha));
}

/** Algorithm 8.3: g = ∇f(θ + αv); v ← αv − εg; θ ← θ + v (the variable holds θ + αv). */
export function nesterov(opts: { epsilon: number; alpha: number; v0?: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; alpha: number; v0: number }>("tf.book.nesterov", opts, { epsilon: rate(), alpha: unit(), v0: v0Spec });
  return make({
    name: "book.nesterov", hyperparams: h, slots: ["v"], lookaheadAlpha: h.alpha,
    initSlot: (_s, p) => tf.fill(p.shape, h.v0),
    update(p, g, s, k) {
      const v = sub(mul(s.v, h.alpha), mul(g, k.lr));
      return { p: lookaheadStep(p, s.v, v, h.alpha), slots: { v } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.4: r ← r + g²; θ ← θ − ε·g/(δ + √r). */
export function adagrad(opts: { epsilon: number; delta?: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; delta: number }>("tf.book.adagrad", opts, { epsilon: rate(), delta: nonNegSpec(1e-7) });
  return make({
    name: "book.adagrad", hyperparams: h, slots: ["r"],
    update(p, g, s, k) {
      const r = add(s.r, square(g));
      return { p: sub(p, mul(div(g, add(sqrt(r), h.delta)), k.lr)), slots: { r } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.5: r ← ρr + (1−ρ)g²; θ ← θ − ε·g/√(δ + r) (δ inside the root, unlike torch). */
export function rmsprop(opts: { epsilon: number; rho: number; delta?: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; rho: number; delta: number }>("tf.book.rmsprop", opts, { epsilon: rate(), rho: unit(), delta: nonNegSpec(1e-6) });
  return make({
    name: "book.rmsprop", hyperparams: h, slots: ["r"],
    update(p, g, s, k) {
      const r = add(mul(s.r, h.rho), mul(square(g), 1 - h.rho));
      return { p: sub(p, mul(div(g, sqrt(add(r, h.delta))), k.lr)), slots: { r } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.6: g = ∇f(θ + αv); r ← ρr + (1−ρ)g²; v ← αv − ε·g/√r; θ ← θ + v (the variable holds θ + αv). */
export function rmspropNesterov(opts: { epsilon: number; rho: number; alpha: number; v0?: number } & ExtraOptions): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; rho: number; alpha: number; v0: number }>("tf.book.rmspropNesterov", opts, {
    epsilon: rate(), rho: unit(), alpha: unit(), v0: v0Spec,
  });
  return make({
    name: "book.rmspropNesterov", hyperparams: h, slots: ["r", "v"], lookaheadAlpha: h.alpha,
    initSlot: (slot, p) => (slot === "v" ? tf.fill(p.shape, h.v0) : tf.zerosLike(p)),
    update(p, g, s, k) {
      const r = add(mul(s.r, h.rho), mul(square(g), 1 - h.rho));
      const v = sub(mul(s.v, h.alpha), mul(div(g, sqrt(r)), k.lr));
      return { p: lookaheadStep(p, s.v, v, h.alpha), slots: { r, v } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.7: biased moments s, r; ŝ = s/(1−ρ1ᵗ), r̂ = r/(1−ρ2ᵗ); θ ← θ − ε·ŝ/(√r̂ + δ). */
export function adam(opts: { epsilon?: number; rho1?: number; rho2?: number; delta?: number } & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<{ epsilon: number; rho1: number; rho2: number; delta: number }>("tf.book.adam", opts, {
    epsilon: rate(1e-3), rho1: unit(0.9), rho2: unit(0.999), delta: nonNegSpec(1e-8),
  });
  return make({
    name: "book.adam", hyperparams: h, slots: ["s", "r"],
    update(p, g, st, k) {
      const s = add(mul(st.s, h.rho1), mul(g, 1 - h.rho1));
      const r = add(mul(st.r, h.rho2), mul(square(g), 1 - h.rho2));
      const sHat = div(s, 1 - Math.pow(h.rho1, k.t));
      const rHat = div(r, 1 - Math.pow(h.rho2, k.t));
      return { p: sub(p, mul(div(sHat, add(sqrt(rHat), h.delta)), k.lr)), slots: { s, r } };
    },
  }, h.epsilon, extra);
}
