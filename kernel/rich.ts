/**
 * The MIME bundle of a cell's value (execute_result): `toMimeBundle()` when the value knows how to
 * show itself (e.g. a figure), always with a text/plain fallback; util.inspect otherwise.
 */
import { inspect } from "util";

const INSPECT_OPTIONS = { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100, colors: false };

export function plainText(value: unknown): string {
  return inspect(value, INSPECT_OPTIONS);
}

interface ShowsItself {
  toMimeBundle(): Record<string, unknown> | null;
}

function showsItself(value: unknown): value is ShowsItself {
  return value !== null && (typeof value === "object" || typeof value === "function") &&
    typeof (value as { toMimeBundle?: unknown }).toMimeBundle === "function";
}

/**
 * The bundle, and a warning when a toMimeBundle() failed or returned something unusable.
 * `toMimeBundle()` returning null means the value has already shown itself (e.g. an exercise check
 * that printed its verdict): `data` is null and no execute_result is sent.
 */
export function mimeBundle(value: unknown): { data: Record<string, unknown> | null; warning?: string } {
  if (!showsItself(value)) return { data: { "text/plain": plainText(value) } };
  try {
    const bundle = value.toMimeBundle();
    if (bundle === null) return { data: null };
    if (typeof bundle !== "object" || Array.isArray(bundle)) {
      return { data: { "text/plain": plainText(value) }, warning: `toMimeBundle() returned ${inspect(bundle)}, not an object` };
    }
    const data: Record<string, unknown> = { ...bundle };
    if (typeof data["text/plain"] !== "string") data["text/plain"] = plainText(value);
    return { data };
  } catch (e) {
    return { data: { "text/plain": plainText(value) }, warning: `toMimeBundle() threw: ${e instanceof Error ? e.message : inspect(e)}` };
  }
}
