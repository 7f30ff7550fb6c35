/**
 * First-order optimizers (chapter 8.3, 8.5). `optim.*` reproduce torch.optim 1.13 in float64;
 * `book.*` are Algorithms 8.1–8.7 with the book's symbols. Every optimizer has the same shape:
 * `init(x0)` → state, `step(x, grad, state)` in place, `hyperparams` (validated, defaults filled).
 * Each factory's rules for defaults and validation are importable as `resolveXxxOptions(opts)`
 * (e.g. `resolveAdamOptions`) and gathered in `resolvers` / `bookResolvers`.
 *
 * Composition: `chain(optimizer, ...transforms)` is the one mechanism for learning-rate schedules
 * (`scheduleLr(schedules.linearDecay(...))`), clipping (`clipByGlobalNorm`, `clipByValue`),
 * gradient noise (`gradientNoise`) and iterate averaging (`polyakAveraging`, `emaAveraging`).
 * Transforms act in order on a private copy of the gradient, on the learning rate, and on the new
 * iterate; their state lives inside the chain's state, so `saveState`/`loadState` cover it.
 */
import { sgd, resolveSgdOptions } from "./torch/sgd";
import { adagrad, resolveAdagradOptions } from "./torch/adagrad";
import { rmsprop, resolveRmspropOptions } from "./torch/rmsprop";
import { adadelta, resolveAdadeltaOptions } from "./torch/adadelta";
import { adam, adamw, resolveAdamOptions, resolveAdamwOptions } from "./torch/adam";
import { adamax, resolveAdamaxOptions } from "./torch/adamax";
import { nadam, nadamTorch113, resolveNadamOptions } from "./torch/nadam";
import { rprop, resolveRpropOptions } from "./torch/rprop";
import { asgd, resolveAsgdOptions } from "./torch/asgd";
import { sgd as bookSgd, resolveBookSgdOptions } from "./book/sgd";
import { momentum, resolveBookMomentumOptions } from "./book/momentum";
import { nesterov, resolveBookNesterovOptions } from "./book/nesterov";
import { adagrad as bookAdagrad, resolveBookAdagradOptions } from "./book/adagrad";
import { rmsprop as bookRmsprop, resolveBookRmspropOptions } from "./book/rmsprop";
import { rmspropNesterov, resolveBookRmspropNesterovOptions } from "./book/rmspropNesterov";
import { adam as bookAdam, resolveBookAdamOptions } from "./book/adam";

export const optim = { sgd, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam, nadamTorch113, rprop, asgd };
export const book = { sgd: bookSgd, momentum, nesterov, adagrad: bookAdagrad, rmsprop: bookRmsprop, rmspropNesterov, adam: bookAdam };

/** The validation-and-defaults rule of each optimizer, by the optimizer's name. */
export const resolvers = {
  sgd: resolveSgdOptions,
  adagrad: resolveAdagradOptions,
  rmsprop: resolveRmspropOptions,
  adadelta: resolveAdadeltaOptions,
  adam: resolveAdamOptions,
  adamw: resolveAdamwOptions,
  adamax: resolveAdamaxOptions,
  nadam: (opts?: Parameters<typeof resolveNadamOptions>[0]) => resolveNadamOptions(opts),
  nadamTorch113: (opts?: Parameters<typeof resolveNadamOptions>[0]) => resolveNadamOptions(opts, "optim.nadamTorch113"),
  rprop: resolveRpropOptions,
  asgd: resolveAsgdOptions,
};
export const bookResolvers = {
  sgd: resolveBookSgdOptions,
  momentum: resolveBookMomentumOptions,
  nesterov: resolveBookNesterovOptions,
  adagrad: resolveBookAdagradOptions,
  rmsprop: resolveBookRmspropOptions,
  rmspropNesterov: resolveBookRmspropNesterovOptions,
  adam: resolveBookAdamOptions,
};

export {
  resolveSgdOptions, resolveAdagradOptions, resolveRmspropOptions, resolveAdadeltaOptions, resolveAdamOptions,
  resolveAdamwOptions, resolveAdamaxOptions, resolveNadamOptions, resolveRpropOptions, resolveAsgdOptions,
  resolveBookSgdOptions, resolveBookMomentumOptions, resolveBookNesterovOptions, resolveBookAdagradOptions,
  resolveBookRmspropOptions, resolveBookRmspropNesterovOptions, resolveBookAdamOptions,
};
export type { SgdOptions } from "./torch/sgd";
export type { AdagradOptions } from "./torch/adagrad";
export type { RmspropOptions } from "./torch/rmsprop";
export type { AdadeltaOptions } from "./torch/adadelta";
export type { AdamOptions } from "./torch/adam";
export type { AdamaxOptions } from "./torch/adamax";
export type { NadamOptions } from "./torch/nadam";
export type { RpropOptions } from "./torch/rprop";
export type { AsgdOptions } from "./torch/asgd";
export type { BookSgdOptions } from "./book/sgd";
export type { BookMomentumOptions } from "./book/momentum";
export type { BookNesterovOptions } from "./book/nesterov";
export type { BookAdagradOptions } from "./book/adagrad";
export type { BookRmspropOptions } from "./book/rmsprop";
export type { BookRmspropNesterovOptions } from "./book/rmspropNesterov";
export type { BookAdamOptions } from "./book/adam";

export { run } from "./run";
export { saveState, loadState } from "./state";
export type { Optimizer, OptimizerState, Trajectory, GradientArg } from "./types";
export { chain } from "./transforms/chain";
export { clipByGlobalNorm, clipByValue } from "./transforms/clip";
export { gradientNoise } from "./transforms/noise";
export { polyakAveraging, emaAveraging } from "./transforms/averaging";
export { scheduleLr } from "./transforms/schedule";
export type { Transform } from "./transforms/transform";
export { resolveOptions } from "./options";
export { defineOptimizer } from "./core";
export type { RuleDefinition } from "./core";
export { installedAccelerators } from "./registry";
