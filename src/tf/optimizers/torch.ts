/** torch.optim (1.13) update rules on tfjs tensors: the same formulas as src/optim's float64 rules. */
import * as tf from "@tensorflow/tfjs";
import { DescentOptimizer, ExtraOptions, TfRule } from "./base";
import { betasSpec, boolSpec, lrSpec, nonNegSpec, pairOf, positive, resolve, unitClosed, unitOpen } from "./hyper";

type T = tf.Tensor;
const { add, sub, mul, div, sqrt, square } = tf;

/** maximize flips the gradient; coupled weight decay adds λp (torch's order: maximize first). */
function direction(p: T, g: T, maximize: boolean, weightDecay: number): T {
  let d = maximize ? tf.neg(g) : g;
  if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
  return d;
}

function make(rule: TfRule, lr: number, extra: object): DescentOptimizer {
  return new DescentOptimizer(rule, lr, extra);
}

export interface SgdOptions { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }
/** torch.optim.SGD: heavy ball (Polyak 1964) or Nesterov (Sutskever et al. 2013); the first step's buffer is d itself. */
export function sgd(opts: { lr: number } & Partial<SgdOptions> & ExtraOptions): DescentOptimizer {
  const fn = "tf.optim.sgd";
  const { h, extra } = resolve<SgdOptions>(fn, opts, {
    lr: lrSpec(), momentum: nonNegSpec(0),
    dampening: { default: 0, check: unitClosed, allowed: "a number in [0, 1]" },
    weightDecay: nonNegSpec(0), nesterov: boolSpec(), maximize: boolSpec(),
  });
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    throw new Error(`${fn}: parameter 'nesterov' must be false unless momentum > 0 and dampening = 0, got true`);
  }
  const { momentum: mu, dampening, nesterov } = h;
  return make({
    name: "sgd", hyperparams: h, slots: mu !== 0 ? ["buf"] : [],
    update(p, g, s, k) {
      let d = direction(p, g, h.maximize, h.weightDecay);
      const slots: { [n: string]: T } = {};
      if (mu !== 0) {
        const b = k.t === 1 ? d : add(mul(s.buf, mu), mul(d, 1 - dampening));
        slots.buf = b;
        d = nesterov ? add(d, mul(b, mu)) : b;
      }
      return { p: sub(p, mul(d, k.lr)), slots };
    },
  }, h.lr, extra);
}

export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean }
/** torch.optim.Adagrad (Duchi et al. 2011): eps outside the root, lr decayed by 1/(1 + (t−1)·lrDecay). */
export function adagrad(opts: Partial<AdagradOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<AdagradOptions>("tf.optim.adagrad", opts, {
    lr: lrSpec(0.01), lrDecay: nonNegSpec(0), weightDecay: nonNegSpec(0),
    initialAccumulatorValue: nonNegSpec(0), eps: nonNegSpec(1e-10), maximize: boolSpec(),
  });
  return make({
    name: "adagrad", hyperparams: h, slots: ["sum"],
    initSlot: (_s, p) => tf.fill(p.shape, h.initialAccumulatorValue),
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay);
      const clr = k.lr / (1 + (k.t - 1) * h.lrDecay);
      const sum = add(s.sum, square(d));
      return { p: sub(p, mul(div(d, add(sqrt(sum), h.eps)), clr)), slots: { sum } };
    },
  }, h.lr, extra);
}

export interface RmspropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean }
/** torch.optim.RMSprop (Hinton's lecture 6e; centered: Graves 2013): eps outside the root. */
export function rmsprop(opts: Partial<RmspropOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<RmspropOptions>("tf.optim.rmsprop", opts, {
    lr: lrSpec(0.01), alpha: { default: 0.99, check: unitClosed, allowed: "a number in [0, 1]" }, eps: nonNegSpec(1e-8),
    weightDecay: nonNegSpec(0), momentum: nonNegSpec(0), centered: boolSpec(), maximize: boolSpec(),
  });
  const { alpha, eps, momentum: mu, centered } = h;
  return make({
    name: "rmsprop", hyperparams: h, slots: ["squareAvg", ...(centered ? ["gradAvg"] : []), ...(mu > 0 ? ["buf"] : [])],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay);
      const slots: { [n: string]: T } = {};
      const v = add(mul(s.squareAvg, alpha), mul(square(d), 1 - alpha));
      slots.squareAvg = v;
      let a: T;
      if (centered) {
        const gbar = add(mul(s.gradAvg, alpha), mul(d, 1 - alpha));
        slots.gradAvg = gbar;
        a = add(sqrt(sub(v, square(gbar))), eps);
      } else a = add(sqrt(v), eps);
      if (mu > 0) {
        const b = add(mul(s.buf, mu), div(d, a));
        slots.buf = b;
        return { p: sub(p, mul(b, k.lr)), slots };
      }
      return { p: sub(p, mul(div(d, a), k.lr)), slots };
    },
  }, h.lr, extra);
}

export interface AdadeltaOptions { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean }
/** torch.optim.Adadelta (Zeiler 2012): the step uses the accumulated updates before this one. */
export function adadelta(opts: Partial<AdadeltaOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<AdadeltaOptions>("tf.optim.adadelta", opts, {
    lr: lrSpec(1.0), rho: { default: 0.9, check: unitClosed, allowed: "a number in [0, 1]" }, eps: nonNegSpec(1e-6),
    weightDecay: nonNegSpec(0), maximize: boolSpec(),
  });
  const { rho, eps } = h;
  return make({
    name: "adadelta", hyperparams: h, slots: ["squareAvg", "accDelta"],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay);
      const v = add(mul(s.squareAvg, rho), mul(square(d), 1 - rho));
      const delta = mul(div(sqrt(add(s.accDelta, eps)), sqrt(add(v, eps))), d);
      const u = add(mul(s.accDelta, rho), mul(square(delta), 1 - rho));
      return { p: sub(p, mul(delta, k.lr)), slots: { squareAvg: v, accDelta: u } };
    },
  }, h.lr, extra);
}

export interface AdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }
function adamFamily(name: string, opts: Partial<AdamOptions> & ExtraOptions, defaultWd: number, decoupled: boolean): DescentOptimizer {
  const { h, extra } = resolve<AdamOptions>(`tf.optim.${name}`, opts, {
    lr: lrSpec(1e-3), betas: betasSpec([0.9, 0.999]), eps: nonNegSpec(1e-8),
    weightDecay: nonNegSpec(defaultWd), amsgrad: boolSpec(), maximize: boolSpec(),
  });
  const [b1, b2] = h.betas;
  return make({
    name, hyperparams: h, slots: ["m", "v", ...(h.amsgrad ? ["vmax"] : [])],
    update(p0, g, s, k) {
      let p = p0;
      let d = h.maximize ? tf.neg(g) : g;
      if (decoupled) p = mul(p, 1 - k.lr * h.weightDecay);
      else if (h.weightDecay !== 0) d = add(d, mul(p, h.weightDecay));
      const m = add(mul(s.m, b1), mul(d, 1 - b1));
      const v = add(mul(s.v, b2), mul(square(d), 1 - b2));
      const slots: { [n: string]: T } = { m, v };
      let vUsed = v;
      if (h.amsgrad) vUsed = slots.vmax = tf.maximum(s.vmax, v);
      const stepSize = k.lr / (1 - Math.pow(b1, k.t));
      const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, k.t));
      return { p: sub(p, mul(div(m, add(div(sqrt(vUsed), bc2Sqrt), h.eps)), stepSize)), slots };
    },
  }, h.lr, extra);
}
/** torch.optim.Adam (Kingma & Ba 2015; amsgrad: Reddi et al. 2018). */
export const adam = (opts: Partial<AdamOptions> & ExtraOptions = {}) => adamFamily("adam", opts, 0, false);
/** torch.optim.AdamW: decoupled weight decay p ← p(1 − lr·λ) (Loshchilov & Hutter 2019). */
export const adamw = (opts: Partial<AdamOptions> & ExtraOptions = {}) => adamFamily("adamw", opts, 1e-2, true);

export interface AdamaxOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; maximize: boolean }
/** torch.optim.Adamax (Kingma & Ba 2015, §7.1): u ← max(β2·u, |g| + eps). */
export function adamax(opts: Partial<AdamaxOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<AdamaxOptions>("tf.optim.adamax", opts, {
    lr: lrSpec(2e-3), betas: betasSpec([0.9, 0.999]), eps: nonNegSpec(1e-8), weightDecay: nonNegSpec(0), maximize: boolSpec(),
  });
  const [b1, b2] = h.betas;
  return make({
    name: "adamax", hyperparams: h, slots: ["m", "u"],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay);
      const m = add(mul(s.m, b1), mul(d, 1 - b1));
      const u = tf.maximum(mul(s.u, b2), add(tf.abs(d), h.eps));
      const clr = k.lr / (1 - Math.pow(b1, k.t));
      return { p: sub(p, mul(div(m, u), clr)), slots: { m, u } };
    },
  }, h.lr, extra);
}

export interface NadamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; momentumDecay: number }
/** torch.optim.NAdam (Dozat 2016) with the corrected last denominator 1 − Πμ·μ_{t+1}. */
export function nadam(opts: Partial<NadamOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<NadamOptions>("tf.optim.nadam", opts, {
    lr: lrSpec(2e-3), betas: betasSpec([0.9, 0.999]), eps: nonNegSpec(1e-8), weightDecay: nonNegSpec(0), momentumDecay: nonNegSpec(4e-3),
  });
  const [b1, b2] = h.betas;
  const muAt = (t: number) => b1 * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay));
  return make({
    name: "nadam", hyperparams: h, slots: ["m", "v"],
    initScalars: () => ({ muProduct: 1 }),
    update(p, g, s, k) {
      const d = direction(p, g, false, h.weightDecay);
      const mu = muAt(k.t);
      const muNext = muAt(k.t + 1);
      const prod = (k.scalars.muProduct *= mu);
      const m = add(mul(s.m, b1), mul(d, 1 - b1));
      const v = add(mul(s.v, b2), mul(square(d), 1 - b2));
      const denom = add(sqrt(div(v, 1 - Math.pow(b2, k.t))), h.eps);
      const stepG = (k.lr * (1 - mu)) / (1 - prod);
      const stepM = (k.lr * muNext) / (1 - prod * muNext);
      return { p: sub(sub(p, mul(div(d, denom), stepG)), mul(div(m, denom), stepM)), slots: { m, v } };
    },
  }, h.lr, extra);
}

export interface RpropOptions { lr: number; etas: [number, number]; stepSizes: [number, number]; maximize: boolean }
/** torch.optim.Rprop (Riedmiller & Braun 1993): per-element step sizes from gradient signs only. */
export function rprop(opts: Partial<RpropOptions> & ExtraOptions = {}): DescentOptimizer {
  const fn = "tf.optim.rprop";
  const { h, extra } = resolve<RpropOptions>(fn, opts, {
    lr: lrSpec(0.01),
    etas: { default: [0.5, 1.2], check: pairOf(positive), allowed: "a pair [etaminus, etaplus] with 0 < etaminus < 1 < etaplus" },
    stepSizes: { default: [1e-6, 50], check: pairOf(positive), allowed: "a pair [min, max] of numbers with 0 < min ≤ max" },
    maximize: boolSpec(),
  });
  const [etaMinus, etaPlus] = h.etas;
  if (!(etaMinus < 1 && etaPlus > 1)) throw new Error(`${fn}: parameter 'etas' must be a pair [etaminus, etaplus] with 0 < etaminus < 1 < etaplus, got ${JSON.stringify(h.etas)}`);
  if (!(h.stepSizes[0] <= h.stepSizes[1])) throw new Error(`${fn}: parameter 'stepSizes' must be a pair [min, max] of numbers with 0 < min ≤ max, got ${JSON.stringify(h.stepSizes)}`);
  return make({
    name: "rprop", hyperparams: h, slots: ["prev", "stepSize"],
    initSlot: (slot, p, lr) => (slot === "stepSize" ? tf.fill(p.shape, lr) : tf.zerosLike(p)),
    update(p, g, s) {
      const d = h.maximize ? tf.neg(g) : g;
      // sign(g)·sign(prev) instead of sign(g·prev): a float32 product of two tiny gradients can underflow to 0.
      const agree = mul(tf.sign(d), tf.sign(s.prev));
      const factor = tf.where(tf.greater(agree, 0), tf.fill(d.shape, etaPlus), tf.where(tf.less(agree, 0), tf.fill(d.shape, etaMinus), tf.onesLike(d)));
      const stepSize = tf.clipByValue(mul(s.stepSize, factor), h.stepSizes[0], h.stepSizes[1]);
      const gKept = tf.where(tf.less(agree, 0), tf.zerosLike(d), d);
      return { p: sub(p, mul(tf.sign(gKept), stepSize)), slots: { prev: gKept, stepSize } };
    },
  }, h.lr, extra);
}

export interface AsgdOptions { lr: number; lambd: number; alpha: number; t0: number; weightDecay: number; maximize: boolean }
/** torch.optim.ASGD (Polyak & Juditsky 1992): slot `ax` holds the averaged iterate. */
export function asgd(opts: Partial<AsgdOptions> & ExtraOptions = {}): DescentOptimizer {
  const { h, extra } = resolve<AsgdOptions>("tf.optim.asgd", opts, {
    lr: lrSpec(0.01), lambd: nonNegSpec(1e-4), alpha: nonNegSpec(0.75), t0: nonNegSpec(1e6), weightDecay: nonNegSpec(0), maximize: boolSpec(),
  });
  return make({
    name: "asgd", hyperparams: h, slots: ["ax"],
    initScalars: (lr) => ({ eta: lr, mu: 1 }),
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay);
      const { eta, mu } = k.scalars;
      const next = sub(mul(p, 1 - h.lambd * eta), mul(d, eta));
      const ax = mu === 1 ? next : add(s.ax, mul(sub(next, s.ax), mu));
      k.scalars.eta = k.lr / Math.pow(1 + h.lambd * k.lr * k.t, h.alpha);
      k.scalars.mu = 1 / Math.max(1, k.t - h.t0);
      return { p: next, slots: { ax } };
    },
  }, h.lr, extra);
}
