/**
 * First-order optimizers (chapter 8.3, 8.5). `optim.*` reproduce torch.optim 1.13 in float64;
 * `book.*` are Algorithms 8.1–8.7 with the book's symbols. Every optimizer has the same shape:
 * `init(x0)` → state, `step(x, grad, state)` in place, `hyperparams` (validated, defaults filled).
 * Each factory's rules for defaults and validation (`resolveXxxOptions`) stay inside the library:
 * resolvers.ts gathers them for the tfjs optimizers, which accept and reject exactly the same values.
 *
 * Composition: `chain(optimizer, ...transforms)` is the one mechanism for learning-rate schedules
 * (`scheduleLr(schedules.linearDecay(...))`), clipping (`clipByGlobalNorm`, `clipByValue`),
 * gradient noise (`gradientNoise`) and iterate averaging (`polyakAveraging`, `emaAveraging`).
 * Transforms act in order on a private copy of the gradient, on the learning rate, and on the new
 * iterate; their state lives inside the chain's state, so `saveState`/`loadState` cover it.
 */
import { sgd } from "./torch/sgd";
import { adagrad } from "./torch/adagrad";
import { rmsprop } from "./torch/rmsprop";
import { adadelta } from "./torch/adadelta";
import { adam, adamw } from "./torch/adam";
import { adamax } from "./torch/adamax";
import { nadam, nadamTorch113 } from "./torch/nadam";
import { rprop } from "./torch/rprop";
import { asgd } from "./torch/asgd";
import { sgd as bookSgd } from "./book/sgd";
import { momentum } from "./book/momentum";
import { nesterov } from "./book/nesterov";
import { adagrad as bookAdagrad } from "./book/adagrad";
import { rmsprop as bookRmsprop } from "./book/rmsprop";
import { rmspropNesterov } from "./book/rmsprop-nesterov";
import { adam as bookAdam } from "./book/adam";

export const optim = { sgd, adagrad, rmsprop, adadelta, adam, adamw, adamax, nadam, nadamTorch113, rprop, asgd };
export const book = { sgd: bookSgd, momentum, nesterov, adagrad: bookAdagrad, rmsprop: bookRmsprop, rmspropNesterov, adam: bookAdam };

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
export type { BookRmspropNesterovOptions } from "./book/rmsprop-nesterov";
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
