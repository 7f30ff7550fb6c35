/**
 * Option handling of the tfjs optimizers: the hyperparameters go through src/optim's resolvers (the one
 * place where defaults and allowed ranges live), the tfjs-only extras are split off here and checked
 * once by `DescentOptimizer`.
 */
import { ExtraOptions, EXTRA_OPTION_NAMES } from "./base";

/**
 * Options the float64 rules take that make no sense on tensors: a finiteness check would read every
 * gradient back from the device at every step.
 */
const FLOAT64_ONLY = ["checkFinite"];

/** The resolver's error, with the tfjs factory's name in front ("optim.adam:" → "tf.optim.adam:"). */
function renamed(e: unknown, from: string, to: string): unknown {
  if (!(e instanceof Error) || !e.message.startsWith(`${from}:`)) return e;
  let message = to + e.message.slice(from.length);
  // An unknown option: the extras are known too, checkFinite is not.
  message = message.replace(/one of the known options \(([^)]*)\)/, (_, names: string) => {
    const kept = names.split(", ").filter((n) => !FLOAT64_ONLY.includes(n));
    return `one of the known options (${[...kept, ...EXTRA_OPTION_NAMES].join(", ")})`;
  });
  const out = new Error(message);
  out.stack = e.stack;
  return out;
}

/**
 * Splits `opts` into the rule's hyperparameters — validated and defaulted by `resolver`, the float64
 * optimizer's own rule, so both backends accept and reject exactly the same values — and the extras.
 */
export function resolveTf<H extends object>(
  fn: string,
  resolverName: string,
  resolver: (opts?: never) => H,
  opts: unknown,
): { h: Omit<H, "checkFinite">; extra: ExtraOptions } {
  if (opts === undefined || opts === null) opts = {};
  if (typeof opts !== "object" || Array.isArray(opts)) {
    throw new Error(`${fn}: parameter 'options' must be an object, got ${String(opts)}`);
  }
  const rest: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts as Record<string, unknown>)) {
    if (FLOAT64_ONLY.includes(key)) {
      throw new Error(`${fn}: parameter '${key}' must be left out (tfjs optimizers never read tensors back to check them), got ${String(value)}`);
    }
    if ((EXTRA_OPTION_NAMES as readonly string[]).includes(key)) {
      if (value !== undefined) extra[key] = value;
    } else rest[key] = value;
  }
  let resolved: H;
  try {
    resolved = resolver(rest as never);
  } catch (e) {
    throw renamed(e, resolverName, fn);
  }
  const h: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved)) if (!FLOAT64_ONLY.includes(key)) h[key] = value;
  return { h: Object.freeze(h) as Omit<H, "checkFinite">, extra: extra as ExtraOptions };
}
