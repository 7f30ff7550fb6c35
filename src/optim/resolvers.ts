/**
 * The validation-and-defaults rule of each optimizer, by the optimizer's name: what the tfjs
 * optimizers (src/tf/optimizers/) resolve their options with, so both backends accept and reject
 * exactly the same values. Internal: not part of the public surface.
 */
import { resolveSgdOptions } from "./torch/sgd";
import { resolveAdagradOptions } from "./torch/adagrad";
import { resolveRmspropOptions } from "./torch/rmsprop";
import { resolveAdadeltaOptions } from "./torch/adadelta";
import { resolveAdamOptions, resolveAdamwOptions } from "./torch/adam";
import { resolveAdamaxOptions } from "./torch/adamax";
import { resolveNadamOptions, type NadamOptions } from "./torch/nadam";
import { resolveRpropOptions } from "./torch/rprop";
import { resolveAsgdOptions } from "./torch/asgd";
import { resolveBookSgdOptions } from "./book/sgd";
import { resolveBookMomentumOptions } from "./book/momentum";
import { resolveBookNesterovOptions } from "./book/nesterov";
import { resolveBookAdagradOptions } from "./book/adagrad";
import { resolveBookRmspropOptions } from "./book/rmsprop";
import { resolveBookRmspropNesterovOptions } from "./book/rmsprop-nesterov";
import { resolveBookAdamOptions } from "./book/adam";
import type { Caller } from "./options";

export const resolvers = {
  sgd: resolveSgdOptions,
  adagrad: resolveAdagradOptions,
  rmsprop: resolveRmspropOptions,
  adadelta: resolveAdadeltaOptions,
  adam: resolveAdamOptions,
  adamw: resolveAdamwOptions,
  adamax: resolveAdamaxOptions,
  nadam: resolveNadamOptions,
  nadamTorch113: (opts?: Partial<NadamOptions>, caller: Caller = "optim.nadamTorch113") => resolveNadamOptions(opts, caller),
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
