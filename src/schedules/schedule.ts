import { fail } from "../args";
import type { Check } from "../optim/options";

/** A learning rate for each step k = 0, 1, 2, … (k = number of steps already taken). */
export interface Schedule {
  (k: number): number;
  readonly description: string;
}

export function makeSchedule(fn: string, description: string, rule: (k: number) => number): Schedule {
  const s = ((k: number) => {
    if (typeof k !== "number" || !Number.isInteger(k) || k < 0) fail(fn, "k", "an integer ≥ 0", k);
    return rule(k);
  }) as Schedule;
  Object.defineProperty(s, "description", { value: description, enumerable: true });
  return s;
}

export const positiveInt: Check = (v) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? null : "an integer > 0");
