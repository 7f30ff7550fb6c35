/**
 * Option handling of the tfjs optimizers: the hyperparameters go through src/optim's resolvers (the one
 * place where defaults and allowed ranges live), the tfjs-only extras are split off here and checked
 * once by `DescentOptimizer`.
 */
import { fail } from "../../args";
import type { Caller } from "../../optim/options";
import { ExtraOptions, EXTRA_OPTION_NAMES } from "./base";

/**
 * Options the float64 rules take that make no sense on tensors: a finiteness check would read every
 * gradient back from the device at every step.
 */
const FLOAT64_ONLY = ["checkFinite"];

/**
 * Splits `opts` into the rule's hyperparameters — validated and defaulted by `resolver`, the float64
 * optimizer's own rule, so both backends accept and reject exactly the same values — and the extras.
 */
export function resolveTf<H extends object>(
  fn: string,
  resolver: (opts: never, caller: Caller) => H,
  opts: unknown,
): { h: Omit<H, "checkFinite">; extra: ExtraOptions } {
  if (opts === undefined || opts === null) opts = {};
  if (typeof opts !== "object" || Array.isArray(opts)) fail(fn, "options", "an object", opts);
  const rest: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts as Record<string, unknown>)) {
    if (FLOAT64_ONLY.includes(key)) {
      fail(fn, key, "left out (tfjs optimizers never read tensors back to check them)", value);
    }
    if ((EXTRA_OPTION_NAMES as readonly string[]).includes(key)) {
      if (value !== undefined) extra[key] = value;
    } else rest[key] = value;
  }
  // The float64 rule's checks, under this factory's name; its errors list the extras among the known options.
  const resolved = resolver(rest as never, { fn, omit: FLOAT64_ONLY, alsoKnown: EXTRA_OPTION_NAMES });
  const h: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved)) if (!FLOAT64_ONLY.includes(key)) h[key] = value;
  return { h: Object.freeze(h) as Omit<H, "checkFinite">, extra: extra as ExtraOptions };
}
