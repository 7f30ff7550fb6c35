/** torch.optim (1.13) update rules on tfjs tensors: the same formulas as src/optim's float64 rules. */
import * as tf from "@tensorflow/tfjs";
import { resolvers } from "../../optim/resolvers";
import type { AdagradOptions, AdadeltaOptions, AdamOptions, AdamaxOptions, AsgdOptions, NadamOptions, RmspropOptions, RpropOptions, SgdOptions } from "../../optim";
import { DescentOptimizer, ExtraOptions, TfRule } from "./base";
import { resolveTf } from "./options";
import * as elementwise from "./elementwise";
import { fusedAdamStep } from "../kernels/adam";

type T = tf.Tensor;
const { add, sub, mul, div, sqrt } = tf;
const { square } = elementwise;

type C = (v: number) => tf.Scalar;
/** The options of a factory: the float64 rule's (minus checkFinite, which needs a device read) and the extras. */
type Given<O> = Partial<Omit<O, "checkFinite">> & ExtraOptions;

/** maximize flips the gradient; coupled weight decay adds λp (torch's order: maximize first). */
function direction(p: T, g: T, maximize: boolean, weightDecay: number, c: C): T {
  let d = maximize ? tf.neg(g) : g;
  if (weightDecay !== 0) d = add(d, mul(p, c(weightDecay)));
  return d;
}

function make(rule: TfRule, lr: number, extra: ExtraOptions): DescentOptimizer {
  return new DescentOptimizer(rule, lr, extra);
}

/** torch.optim.SGD: heavy ball (Polyak 1964) or Nesterov (Sutskever et al. 2013); the first step's buffer is d itself. */
export function sgd(opts: Given<SgdOptions> & { lr: number }): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.sgd", resolvers.sgd, opts);
  const { momentum: mu, dampening, nesterov } = h;
  return make({
    name: "sgd", hyperparams: h, slots: mu !== 0 ? ["buf"] : [],
    update(p, g, s, k) {
      let d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const slots: { [n: string]: T } = {};
      if (mu !== 0) {
        const b = k.t === 1 ? d : add(mul(s.buf, k.c(mu)), dampening === 0 ? d : mul(d, k.c(1 - dampening)));
        slots.buf = b;
        d = nesterov ? add(d, mul(b, k.c(mu))) : b;
      }
      return { p: sub(p, mul(d, k.lrTensor)), slots };
    },
  }, h.lr, extra);
}

/** torch.optim.Adagrad (Duchi et al. 2011): eps outside the root, lr decayed by 1/(1 + (t−1)·lrDecay). */
export function adagrad(opts: Given<AdagradOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.adagrad", resolvers.adagrad, opts);
  return make({
    name: "adagrad", hyperparams: h, slots: ["sum"],
    initSlot: (_s, p) => tf.fill(p.shape, h.initialAccumulatorValue),
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const clr = h.lrDecay === 0 ? k.lrTensor : k.scalar(k.lr / (1 + (k.t - 1) * h.lrDecay));
      const sum = add(s.sum, square(d));
      return { p: sub(p, mul(div(d, add(sqrt(sum), k.c(h.eps))), clr)), slots: { sum } };
    },
  }, h.lr, extra);
}

/** torch.optim.RMSprop (Hinton's lecture 6e; centered: Graves 2013): eps outside the root. */
export function rmsprop(opts: Given<RmspropOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.rmsprop", resolvers.rmsprop, opts);
  const { alpha, eps, momentum: mu, centered } = h;
  return make({
    name: "rmsprop", hyperparams: h, slots: ["squareAvg", ...(centered ? ["gradAvg"] : []), ...(mu > 0 ? ["buf"] : [])],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const slots: { [n: string]: T } = {};
      const v = add(mul(s.squareAvg, k.c(alpha)), mul(square(d), k.c(1 - alpha)));
      slots.squareAvg = v;
      let a: T;
      if (centered) {
        const gbar = add(mul(s.gradAvg, k.c(alpha)), mul(d, k.c(1 - alpha)));
        slots.gradAvg = gbar;
        a = add(sqrt(sub(v, square(gbar))), k.c(eps));
      } else a = add(sqrt(v), k.c(eps));
      if (mu > 0) {
        const b = add(mul(s.buf, k.c(mu)), div(d, a));
        slots.buf = b;
        return { p: sub(p, mul(b, k.lrTensor)), slots };
      }
      return { p: sub(p, mul(div(d, a), k.lrTensor)), slots };
    },
  }, h.lr, extra);
}

/** torch.optim.Adadelta (Zeiler 2012): the step uses the accumulated updates before this one. */
export function adadelta(opts: Given<AdadeltaOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.adadelta", resolvers.adadelta, opts);
  const { rho, eps } = h;
  return make({
    name: "adadelta", hyperparams: h, slots: ["squareAvg", "accDelta"],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const v = add(mul(s.squareAvg, k.c(rho)), mul(square(d), k.c(1 - rho)));
      const delta = mul(div(sqrt(add(s.accDelta, k.c(eps))), sqrt(add(v, k.c(eps)))), d);
      const u = add(mul(s.accDelta, k.c(rho)), mul(square(delta), k.c(1 - rho)));
      return { p: sub(p, mul(delta, k.lrTensor)), slots: { squareAvg: v, accDelta: u } };
    },
  }, h.lr, extra);
}

function adamFamily(name: "adam" | "adamw", opts: Given<AdamOptions>, decoupled: boolean): DescentOptimizer {
  const { h, extra } = resolveTf(`tf.optim.${name}`, resolvers[name], opts);
  const [b1, b2] = h.betas;
  return make({
    name, hyperparams: h, slots: ["m", "v", ...(h.amsgrad ? ["vmax"] : [])],
    update(p0, g, s, k) {
      // One kernel instead of ten where the backend has it (src/tf/kernels/adam.ts): same numbers.
      const fused = fusedAdamStep(p0, g, s.m, s.v, h, k.lr, k.t, decoupled);
      if (fused) return { p: fused[0], slots: { m: fused[1], v: fused[2] } };
      let p = p0;
      let d = h.maximize ? tf.neg(g) : g;
      if (decoupled) p = mul(p, k.scalar(1 - k.lr * h.weightDecay));
      else if (h.weightDecay !== 0) d = add(d, mul(p, k.c(h.weightDecay)));
      const m = add(mul(s.m, k.c(b1)), mul(d, k.c(1 - b1)));
      const v = add(mul(s.v, k.c(b2)), mul(square(d), k.c(1 - b2)));
      const slots: { [n: string]: T } = { m, v };
      let vUsed = v;
      if (h.amsgrad) vUsed = slots.vmax = tf.maximum(s.vmax, v);
      const stepSize = k.lr / (1 - Math.pow(b1, k.t));
      const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, k.t));
      // torch: p − stepSize·m/(√v/√bc2 + eps) = p − (stepSize·√bc2)·m/(√v + eps·√bc2): one kernel fewer.
      const denom = add(sqrt(vUsed), k.scalar(h.eps * bc2Sqrt));
      return { p: sub(p, mul(div(m, denom), k.scalar(stepSize * bc2Sqrt))), slots };
    },
  }, h.lr, extra);
}
/** torch.optim.Adam (Kingma & Ba 2015; amsgrad: Reddi et al. 2018). */
export const adam = (opts: Given<AdamOptions> = {}) => adamFamily("adam", opts, false);
/** torch.optim.AdamW: decoupled weight decay p ← p(1 − lr·λ) (Loshchilov & Hutter 2019). */
export const adamw = (opts: Given<AdamOptions> = {}) => adamFamily("adamw", opts, true);

/** torch.optim.Adamax (Kingma & Ba 2015, §7.1): u ← max(β2·u, |g| + eps). */
export function adamax(opts: Given<AdamaxOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.adamax", resolvers.adamax, opts);
  const [b1, b2] = h.betas;
  return make({
    name: "adamax", hyperparams: h, slots: ["m", "u"],
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const m = add(mul(s.m, k.c(b1)), mul(d, k.c(1 - b1)));
      const u = tf.maximum(mul(s.u, k.c(b2)), add(tf.abs(d), k.c(h.eps)));
      const clr = k.lr / (1 - Math.pow(b1, k.t));
      return { p: sub(p, mul(div(m, u), k.scalar(clr))), slots: { m, u } };
    },
  }, h.lr, extra);
}

/**
 * torch.optim.NAdam (Dozat 2016). `torch113Bug` reproduces torch 1.13's single-tensor path, whose last
 * denominator is 1 − Πμ·μ_t·μ_{t+1} (fixed upstream in pytorch PR #92699), as src/optim's nadamTorch113.
 */
function nadamRule(name: "nadam" | "nadamTorch113", opts: Given<NadamOptions>, torch113Bug: boolean): DescentOptimizer {
  const { h, extra } = resolveTf(`tf.optim.${name}`, resolvers[name], opts);
  const [b1, b2] = h.betas;
  const muAt = (t: number) => b1 * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay));
  return make({
    name, hyperparams: h, slots: ["m", "v"],
    initScalars: () => ({ muProduct: 1 }),
    update(p, g, s, k) {
      const d = direction(p, g, false, h.weightDecay, k.c);
      const mu = muAt(k.t);
      const muNext = muAt(k.t + 1);
      const prod = (k.scalars.muProduct *= mu);
      const m = add(mul(s.m, k.c(b1)), mul(d, k.c(1 - b1)));
      const v = add(mul(s.v, k.c(b2)), mul(square(d), k.c(1 - b2)));
      const denom = add(sqrt(div(v, k.scalar(1 - Math.pow(b2, k.t)))), k.c(h.eps));
      const stepG = (k.lr * (1 - mu)) / (1 - prod);
      const stepM = (k.lr * muNext) / (1 - (torch113Bug ? prod * mu : prod) * muNext);
      return { p: sub(sub(p, mul(div(d, denom), k.scalar(stepG))), mul(div(m, denom), k.scalar(stepM))), slots: { m, v } };
    },
  }, h.lr, extra);
}
/** torch.optim.NAdam with the correct formula (torch 1.13's foreach path, torch ≥ 2.0). */
export const nadam = (opts: Given<NadamOptions> = {}) => nadamRule("nadam", opts, false);
/** torch 1.13's default single-tensor NAdam, bug included (for reproducing old runs). */
export const nadamTorch113 = (opts: Given<NadamOptions> = {}) => nadamRule("nadamTorch113", opts, true);

/** torch.optim.Rprop (Riedmiller & Braun 1993): per-element step sizes from gradient signs only. */
export function rprop(opts: Given<RpropOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.rprop", resolvers.rprop, opts);
  const [etaMinus, etaPlus] = h.etas;
  return make({
    name: "rprop", hyperparams: h, slots: ["prev", "stepSize"],
    initSlot: (slot, p, lr) => (slot === "stepSize" ? tf.fill(p.shape, lr) : tf.zerosLike(p)),
    update(p, g, s, k) {
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

/** torch.optim.ASGD (Polyak & Juditsky 1992): slot `ax` holds the averaged iterate. */
export function asgd(opts: Given<AsgdOptions> = {}): DescentOptimizer {
  const { h, extra } = resolveTf("tf.optim.asgd", resolvers.asgd, opts);
  return make({
    name: "asgd", hyperparams: h, slots: ["ax"],
    initScalars: (lr) => ({ eta: lr, mu: 1 }),
    update(p, g, s, k) {
      const d = direction(p, g, h.maximize, h.weightDecay, k.c);
      const { eta, mu } = k.scalars;
      const next = sub(mul(p, k.scalar(1 - h.lambd * eta)), mul(d, k.scalar(eta)));
      const ax = mu === 1 ? next : add(s.ax, mul(sub(next, s.ax), k.scalar(mu)));
      k.scalars.eta = k.lr / Math.pow(1 + h.lambd * k.lr * k.t, h.alpha);
      k.scalars.mu = 1 / Math.max(1, k.t - h.t0);
      return { p: next, slots: { ax } };
    },
  }, h.lr, extra);
}
