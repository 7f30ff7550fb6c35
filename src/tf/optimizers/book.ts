/** The book's Algorithms 8.1–8.7 (Goodfellow, Bengio & Courville, ch. 8) on tfjs tensors, in the book's symbols. */
import * as tf from "@tensorflow/tfjs";
import { bookResolvers } from "../../optim/resolvers";
import type { BookAdagradOptions, BookAdamOptions, BookMomentumOptions, BookRmspropNesterovOptions, BookRmspropOptions, BookSgdOptions } from "../../optim";
import { DescentOptimizer, ExtraOptions, TfRule } from "./base";
import { resolveTf } from "./options";
import * as elementwise from "./elementwise";

const { add, sub, mul, div, sqrt } = tf;
const { square } = elementwise;
const make = (rule: TfRule, lr: number, extra: ExtraOptions) => new DescentOptimizer(rule, lr, extra);
type Given<O> = Partial<Omit<O, "checkFinite">> & ExtraOptions;

/** The float64 rules accept a vector v0 (one velocity per coordinate); a tfjs model has many tensors, so one number here. */
function scalarV0(fn: string, v0: number | readonly number[]): number {
  if (typeof v0 !== "number") throw new Error(`${fn}: parameter 'v0' must be a finite number (the initial velocity of every element of every variable), got [${Array.from(v0).join(", ")}]`);
  return v0;
}

/** Algorithm 8.1: θ ← θ − εg. */
export function sgd(opts: Given<BookSgdOptions> & { epsilon: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.sgd", bookResolvers.sgd, opts);
  return make({ name: "book.sgd", hyperparams: h, slots: [], update: (p, g, _s, k) => ({ p: sub(p, mul(g, k.lrTensor)), slots: {} }) }, h.epsilon, extra);
}

/** Algorithm 8.2: v ← αv − εg; θ ← θ + v. */
export function momentum(opts: Given<BookMomentumOptions> & { epsilon: number; alpha: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.momentum", bookResolvers.momentum, opts);
  const v0 = scalarV0("tf.book.momentum", h.v0);
  return make({
    name: "book.momentum", hyperparams: h, slots: ["v"],
    initSlot: (_s, p) => tf.fill(p.shape, v0),
    update(p, g, s, k) {
      const v = sub(mul(s.v, k.c(h.alpha)), mul(g, k.lrTensor));
      return { p: add(p, v), slots: { v } };
    },
  }, h.epsilon, extra);
}

/**
 * Nesterov-type rules keep the variable at the look-ahead point θ̃ = θ + αv, where the gradient is
 * taken (as torch's Nesterov SGD does): θ̃ ← θ̃ + (1 + α)·v_new − α·v_old. `thetaOf` gives θ back.
 */
function lookaheadStep(p: tf.Tensor, vOld: tf.Tensor, vNew: tf.Tensor, alpha: number, c: (v: number) => tf.Scalar): tf.Tensor {
  return sub(add(p, mul(vNew, c(1 + alpha))), mul(vOld, c(alpha)));
}

/** Algorithm 8.3: g = ∇f(θ + αv); v ← αv − εg; θ ← θ + v (the variable holds θ + αv). */
export function nesterov(opts: Given<BookMomentumOptions> & { epsilon: number; alpha: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.nesterov", bookResolvers.nesterov, opts);
  const v0 = scalarV0("tf.book.nesterov", h.v0);
  return make({
    name: "book.nesterov", hyperparams: h, slots: ["v"], lookaheadAlpha: h.alpha,
    initSlot: (_s, p) => tf.fill(p.shape, v0),
    update(p, g, s, k) {
      const v = sub(mul(s.v, k.c(h.alpha)), mul(g, k.lrTensor));
      return { p: lookaheadStep(p, s.v, v, h.alpha, k.c), slots: { v } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.4: r ← r + g²; θ ← θ − ε·g/(δ + √r). */
export function adagrad(opts: Given<BookAdagradOptions> & { epsilon: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.adagrad", bookResolvers.adagrad, opts);
  return make({
    name: "book.adagrad", hyperparams: h, slots: ["r"],
    update(p, g, s, k) {
      const r = add(s.r, square(g));
      return { p: sub(p, mul(div(g, add(sqrt(r), k.c(h.delta))), k.lrTensor)), slots: { r } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.5: r ← ρr + (1−ρ)g²; θ ← θ − ε·g/√(δ + r) (δ inside the root, unlike torch). */
export function rmsprop(opts: Given<BookRmspropOptions> & { epsilon: number; rho: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.rmsprop", bookResolvers.rmsprop, opts);
  return make({
    name: "book.rmsprop", hyperparams: h, slots: ["r"],
    update(p, g, s, k) {
      const r = add(mul(s.r, k.c(h.rho)), mul(square(g), k.c(1 - h.rho)));
      return { p: sub(p, mul(div(g, sqrt(add(r, k.c(h.delta)))), k.lrTensor)), slots: { r } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.6: g = ∇f(θ + αv); r ← ρr + (1−ρ)g²; v ← αv − ε·g/√(δ + r); θ ← θ + v (the variable holds θ + αv). */
export function rmspropNesterov(opts: Given<BookRmspropNesterovOptions> & { epsilon: number; rho: number; alpha: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.rmspropNesterov", bookResolvers.rmspropNesterov, opts);
  const v0 = scalarV0("tf.book.rmspropNesterov", h.v0);
  return make({
    name: "book.rmspropNesterov", hyperparams: h, slots: ["r", "v"], lookaheadAlpha: h.alpha,
    initSlot: (slot, p) => (slot === "v" ? tf.fill(p.shape, v0) : tf.zerosLike(p)),
    update(p, g, s, k) {
      const r = add(mul(s.r, k.c(h.rho)), mul(square(g), k.c(1 - h.rho)));
      const root = h.delta === 0 ? sqrt(r) : sqrt(add(r, k.c(h.delta)));
      const v = sub(mul(s.v, k.c(h.alpha)), mul(div(g, root), k.lrTensor));
      return { p: lookaheadStep(p, s.v, v, h.alpha, k.c), slots: { r, v } };
    },
  }, h.epsilon, extra);
}

/** Algorithm 8.7: biased moments s, r; ŝ = s/(1−ρ1ᵗ), r̂ = r/(1−ρ2ᵗ); θ ← θ − ε·ŝ/(√r̂ + δ). */
export function adam(opts: Given<BookAdamOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.book.adam", bookResolvers.adam, opts);
  return make({
    name: "book.adam", hyperparams: h, slots: ["s", "r"],
    update(p, g, st, k) {
      const s = add(mul(st.s, k.c(h.rho1)), mul(g, k.c(1 - h.rho1)));
      const r = add(mul(st.r, k.c(h.rho2)), mul(square(g), k.c(1 - h.rho2)));
      const sHat = div(s, k.scalar(1 - Math.pow(h.rho1, k.t)));
      const rHat = div(r, k.scalar(1 - Math.pow(h.rho2, k.t)));
      return { p: sub(p, mul(div(sHat, add(sqrt(rHat), k.c(h.delta))), k.lrTensor)), slots: { s, r } };
    },
  }, h.epsilon, extra);
}
