import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schedules } from "../src";

describe("schedules hit their stated values at their stated steps", () => {
  it("linear decay (eq. 8.14): ε₀ at 0, ε_τ at τ and after, linear between", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (e0, f, tau) => {
        const eT = e0 * f;
        const s = schedules.linearDecay({ epsilon0: e0, epsilonTau: eT, tau });
        expect(s(0)).toBe(e0);
        expect(s(tau)).toBe(eT);
        expect(s(tau + 17)).toBe(eT);
        const k = Math.floor(tau / 2);
        expect(Math.abs(s(k) - (e0 + (eT - e0) * (k / tau)))).toBeLessThan(1e-15);
      }),
    );
  });

  it("step: lr·γ^⌊k/stepSize⌋", () => {
    const s = schedules.step({ lr: 0.1, stepSize: 10, gamma: 0.5 });
    expect([s(0), s(9), s(10), s(19), s(20)]).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it("exponential: lr·γ^k", () => {
    const s = schedules.exponential({ lr: 2, gamma: 0.5 });
    expect([s(0), s(1), s(3)]).toEqual([2, 1, 0.25]);
  });

  it("cosine: lr at 0, midpoint at tMax/2, lrMin at tMax and after, never increasing", () => {
    const s = schedules.cosine({ lr: 1, tMax: 100, lrMin: 0.1 });
    expect(s(0)).toBe(1);
    expect(Math.abs(s(50) - 0.55)).toBeLessThan(1e-15);
    expect(s(100)).toBe(0.1);
    expect(s(500)).toBe(0.1);
    const v = schedules.values(s, 120);
    for (let k = 1; k < v.length; k++) expect(v[k]).toBeLessThanOrEqual(v[k - 1]);
  });

  it("1/t: lr/(1 + decay·k)", () => {
    const s = schedules.inverseTime({ lr: 1, decay: 0.5 });
    expect([s(0), s(2), s(6)]).toEqual([1, 0.5, 0.25]);
  });

  it("linear warm-up reaches lr at step warmupSteps − 1, then hands over", () => {
    const after = schedules.exponential({ lr: 0.1, gamma: 0.5 });
    const s = schedules.linearWarmup({ lr: 0.1, warmupSteps: 4, then: after });
    expect([s(0), s(1), s(3)]).toEqual([0.025, 0.05, 0.1]);
    expect([s(4), s(5)]).toEqual([0.1, 0.05]);
    expect(schedules.linearWarmup({ lr: 0.2, warmupSteps: 2 })(10)).toBe(0.2);
  });

  it("rejects bad steps and options with a message naming them", () => {
    expect(() => schedules.step({ lr: 0.1, stepSize: 10 })(-1)).toThrow(/schedules\.step: parameter 'k' must be an integer ≥ 0, got -1/);
    expect(() => schedules.cosine({ lr: 0.1, tMax: 10, lrMin: 1 })).toThrow(/parameter 'lrMin'/);
    expect(() => schedules.exponential({ lr: 0.1, gamma: 2 })).toThrow(/parameter 'gamma' must be a number in \[0, 1\]/);
    expect(() => schedules.step({ lr: 0.1, stepsize: 3 } as never)).toThrow(/parameter 'stepsize'/);
  });
});
