import { resolveOptions, unitOpen } from "../options";
import type { Transform } from "./transform";

/**
 * Polyak averaging (section 8.7.3, Polyak & Juditsky 1992): the arithmetic mean of the iterates
 * after each step from step `start` on (before that it follows the iterate).
 */
export function polyakAveraging(opts: { start?: number } = {}): Transform {
  const { start } = resolveOptions<{ start: number }>("optim.polyakAveraging", opts, {
    start: { default: 0, check: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? null : "an integer ≥ 0") },
  });
  return {
    name: `polyakAveraging(start=${start})`,
    buffers: ["average"],
    scalars: { count: 0 },
    initState: (s, x0) => s.buffers.average.set(x0),
    afterStep(x, s) {
      const avg = s.buffers.average;
      if (s.t + 1 <= start) {
        avg.set(x);
        return;
      }
      const count = s.scalars.count + 1;
      for (let i = 0; i < x.length; i++) avg[i] = count === 1 ? x[i] : avg[i] + (x[i] - avg[i]) / count;
      s.scalars.count = count;
    },
    averaged: (s) => s.buffers.average.slice(),
  };
}

/** Exponential moving average of the iterates (section 8.7.3): θ̂ ← decay·θ̂ + (1 − decay)·θ, θ̂₀ = θ₀. */
export function emaAveraging(opts: { decay?: number } = {}): Transform {
  const { decay } = resolveOptions<{ decay: number }>("optim.emaAveraging", opts, { decay: { default: 0.99, check: unitOpen } });
  return {
    name: `emaAveraging(decay=${decay})`,
    buffers: ["average"],
    initState: (s, x0) => s.buffers.average.set(x0),
    afterStep(x, s) {
      const avg = s.buffers.average;
      for (let i = 0; i < x.length; i++) avg[i] = decay * avg[i] + (1 - decay) * x[i];
    },
    averaged: (s) => s.buffers.average.slice(),
  };
}
