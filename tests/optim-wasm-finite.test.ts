import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wasmArena } from "../src";
import { allFiniteInArena } from "../src/optim/accelerated/wasm/wasm-accelerator";

/** The definition, entry by entry: the independent reference. */
const reference = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every(Number.isFinite) && Array.from(b).every(Number.isFinite);

describe("wasm arena: the finite-input check", () => {
  it("agrees with Number.isFinite entry by entry, wherever a non-finite value sits (odd tails included)", () => {
    const special = fc.constantFrom(Infinity, -Infinity, NaN, -0, 0, Number.MAX_VALUE, -Number.MIN_VALUE, 1e-310);
    const values = fc.array(fc.oneof(fc.double(), special), { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(values, values, (a, b0) => {
        const b = Array.from({ length: a.length }, (_, i) => b0[i % b0.length]);
        const arena = wasmArena(2 * a.length + 2);
        expect(allFiniteInArena(arena.from(a), arena.from(b))).toBe(reference(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it("finds one bad entry among 100 001", () => {
    const n = 100_001;
    const arena = wasmArena(2 * n + 2);
    const a = arena.alloc(n);
    const b = arena.alloc(n);
    a.fill(1e300);
    expect(allFiniteInArena(a, b)).toBe(true);
    for (const [arr, i, v] of [[a, 0, NaN], [b, 77_777, -Infinity], [a, n - 1, Infinity], [b, n - 2, NaN]] as const) {
      arr[i] = v;
      expect(allFiniteInArena(a, b)).toBe(false);
      arr[i] = 0;
    }
  });

  it("returns null (the caller's JS check) when the arrays are not in one arena", () => {
    const arena = wasmArena(16);
    expect(allFiniteInArena(arena.alloc(3), new Float64Array(3))).toBeNull();
    expect(allFiniteInArena(new Float64Array(3), new Float64Array(3))).toBeNull();
    expect(allFiniteInArena(arena.alloc(2), arena.alloc(3))).toBeNull();
  });
});
