import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../src";

/*
 * The classic 30-layer, width-256, batch-512 experiment (book §8.4, Glorot & Bengio 2010), five seeds per regime.
 * Stated values come from the issue (PyTorch measurements); tests/fixtures/torch_depth.py re-measures them with
 * torch 1.13 (5-seed averages: He 0.816–0.964, ReLU+Xavier ratio 0.7016, tanh+book 0.5760, tanh+Xavier late
 * ratio 0.9733, tanh+Xavier·5/3 settles at 0.65). Mean-field recursions give a second, independent reference.
 */
const L = 30;
const SEEDS = [1, 2, 3, 4, 5];

type Opts = Pick<init.DepthOptions, "initializer" | "activation" | "gain">;

async function averaged(o: Opts): Promise<{ postStd: number[]; ratio: number[] }> {
  const runs: init.DepthResult[] = [];
  for (const seed of SEEDS) runs.push(await init.depthExperiment({ layers: L, width: 256, batch: 512, seed, engine: "float64", ...o }));
  const postStd = Array.from({ length: L }, (_, l) => runs.reduce((a, r) => a + r.postStd[l], 0) / runs.length);
  const ratio = Array.from({ length: L - 1 }, (_, l) => runs.reduce((a, r) => a + r.postStd[l + 1] / r.postStd[l], 0) / runs.length);
  return { postStd, ratio };
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** E[f(√q·z)] for z ~ N(0,1) by the trapezoid rule on [−12, 12] (spectrally accurate for smooth f). */
function gaussianMean(f: (x: number) => number, q: number): number {
  const n = 4800;
  const h = 24 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = -12 + i * h;
    s += (i === 0 || i === n ? 0.5 : 1) * Math.exp(-0.5 * z * z) * f(Math.sqrt(q) * z);
  }
  return (s * h) / Math.sqrt(2 * Math.PI);
}

/** Infinite-width post-activation std per layer for tanh with weight variance σ²/n and unit-variance input. */
function meanFieldTanh(sigma2: number, layers: number): number[] {
  const out: number[] = [];
  let q = sigma2;
  for (let l = 0; l < layers; l++) {
    const p = gaussianMean((x) => Math.tanh(x) ** 2, q);
    out.push(Math.sqrt(p));
    q = sigma2 * p;
  }
  return out;
}

describe("depth experiment: the five regimes of the issue (±0.03, averaged over 5 seeds)", () => {
  it("ReLU + He keeps the std: per-layer ratio ≈ 1, first layer at √(1 − 1/π) ≈ 0.826, no vanishing or explosion", async () => {
    const { postStd, ratio } = await averaged({ initializer: "heNormal", activation: "relu" });
    expect(Math.abs(mean(ratio) - 1)).toBeLessThan(0.03);
    const geometric = Math.exp(mean(ratio.map((_, l) => Math.log(postStd[l + 1] / postStd[l]))));
    expect(Math.abs(geometric - 1)).toBeLessThan(0.03);
    // Mean field: q stays at 2·q/2, so std(relu) = √(1 − 1/π) from the first layer on.
    expect(Math.abs(postStd[0] - Math.sqrt(1 - 1 / Math.PI))).toBeLessThan(0.03);
    // The 0.82–0.96 is the 5-seed average of torch seeds 0–4 (seeds 5–9: 0.815–0.901). At width 256 the
    // std is a random walk of ≈ ±7% per layer: single seeds dip to 0.42–0.63 in torch and here alike, and our
    // seeds 1–5 average down to 0.77. A 200-seed comparison at width 64 (mean log std at layer 30: −0.653 ± 0.050
    // here, −0.689 ± 0.045 in torch) shows the same law, so only a wide band is seed-proof.
    for (const s of postStd) {
      expect(s).toBeGreaterThan(0.6);
      expect(s).toBeLessThan(1.2);
    }
  });

  it("ReLU + Xavier shrinks by 1/√2 per layer", async () => {
    const { ratio } = await averaged({ initializer: "glorotUniform", activation: "relu" });
    expect(Math.abs(mean(ratio) - Math.SQRT1_2)).toBeLessThan(0.03);
  });

  it("tanh + U(±1/√m) shrinks by ≈ 0.57 per layer", async () => {
    const { ratio } = await averaged({ initializer: "uniformBook", activation: "tanh" });
    expect(Math.abs(mean(ratio) - 0.57)).toBeLessThan(0.03);
    // Once the signal is small tanh is linear and the ratio is exactly √(1/3).
    expect(Math.abs(mean(ratio.slice(9)) - Math.sqrt(1 / 3))).toBeLessThan(0.03);
  });

  it("tanh + Xavier decays slowly, as the mean-field recursion predicts", async () => {
    const { postStd, ratio } = await averaged({ initializer: "glorotUniform", activation: "tanh" });
    const theory = meanFieldTanh(1, L);
    const theoryLateRatio = mean(theory.slice(10).map((s, i) => s / theory[9 + i]));
    expect(theoryLateRatio).toBeGreaterThan(0.95);
    expect(Math.abs(mean(ratio.slice(9)) - theoryLateRatio)).toBeLessThan(0.03);
    expect(mean(ratio.slice(9))).toBeGreaterThan(0.9);
    for (let l = 0; l < L; l++) expect(Math.abs(postStd[l] - theory[l])).toBeLessThan(0.03);
  });

  it("tanh + Xavier·5/3 settles near 0.65", async () => {
    const { postStd } = await averaged({ initializer: "glorotUniform", activation: "tanh", gain: 5 / 3 });
    for (const s of postStd.slice(4)) expect(Math.abs(s - 0.65)).toBeLessThan(0.03);
    const theory = meanFieldTanh(25 / 9, L);
    expect(Math.abs(postStd[L - 1] - theory[L - 1])).toBeLessThan(0.03);
  });
});

describe("depth experiment: exactness and engines", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("linear + orthogonal preserves the mean square exactly, forward and backward", async () => {
    const r = await init.depthExperiment({ layers: 6, width: 32, batch: 16, initializer: "orthogonal", activation: "linear", seed: 7, gradients: true });
    const ms = r.postStd.map((s, l) => s * s + r.postMean[l] ** 2);
    const gs = r.gradStd!.map((s, l) => s * s + r.gradMean![l] ** 2);
    for (let l = 1; l < 6; l++) {
      expect(Math.abs(ms[l] / ms[0] - 1)).toBeLessThan(1e-12);
      expect(Math.abs(gs[l] / gs[0] - 1)).toBeLessThan(1e-12);
    }
  });

  it("a custom initializer and an extra gain are honoured", async () => {
    const seen: number[][][] = [];
    const r = await init.depthExperiment({
      layers: 2, width: 4, batch: 8, activation: "linear", seed: 3, gain: 0,
      initializer: (shape, rr) => { const w = init.heNormal(shape, { rng: rr }); seen.push(w); return w; },
    });
    expect(seen.length).toBe(2);
    expect(r.postStd).toEqual([0, 0]);
  });

  for (const activation of ["relu", "tanh", "sigmoid", "selu", "leaky_relu"] as const) {
    it(`tfjs engine agrees with float64 at float32 tolerance (${activation})`, async () => {
      const opts = { layers: 4, width: 24, batch: 10, initializer: "heNormal" as const, activation, seed: 11, gradients: true };
      const a = await init.depthExperiment({ ...opts, engine: "float64" });
      const b = await init.depthExperiment({ ...opts, engine: "tfjs" });
      expect(a.engine).toBe("float64");
      expect(b.engine).toBe("tfjs");
      const close = (x: number[], y: number[], scale: number[]) =>
        x.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThan(2e-5 * (1 + Math.abs(scale[i]))));
      close(b.preMean, a.preMean, a.preStd);
      close(b.preStd, a.preStd, a.preStd);
      close(b.postMean, a.postMean, a.postStd);
      close(b.postStd, a.postStd, a.postStd);
      close(b.gradMean!, a.gradMean!, a.gradStd!);
      close(b.gradStd!, a.gradStd!, a.gradStd!);
      close(b.weightGradStd!, a.weightGradStd!, a.weightGradStd!);
    });
  }

  it('engine "auto" uses tfjs from width 1024', async () => {
    expect((await init.depthExperiment({ layers: 1, width: 1024, batch: 2, initializer: "lecunNormal", activation: "tanh", seed: 1 })).engine).toBe("tfjs");
    expect((await init.depthExperiment({ layers: 1, width: 1023, batch: 2, initializer: "lecunNormal", activation: "tanh", seed: 1 })).engine).toBe("float64");
  });

  it("the float64 30 × 256 × 512 run is fast", async () => {
    const t = performance.now();
    await init.depthExperiment({ layers: 30, width: 256, batch: 512, initializer: "heNormal", activation: "relu", seed: 9 });
    const ms = performance.now() - t;
    console.log(`depthExperiment 30×256×512 float64: ${ms.toFixed(0)} ms`);
    // Typically 0.7–0.9 s alone; the bound leaves room for a machine shared with other test runs.
    expect(ms).toBeLessThan(10000);
  });

  it("bad options are refused", async () => {
    const base = { layers: 2, width: 4, batch: 3, initializer: "heNormal" as const, activation: "relu" as const, seed: 1 };
    await expect(init.depthExperiment({ ...base, layers: 0 })).rejects.toThrow(/^init.depthExperiment: parameter 'layers' must be a positive integer, got 0/);
    await expect(init.depthExperiment({ ...base, activation: "gelu" as never })).rejects.toThrow(/parameter 'activation' must be one of/);
    await expect(init.depthExperiment({ ...base, initializer: "kaiming" as never })).rejects.toThrow(/parameter 'initializer'.*got "kaiming"/);
    await expect(init.depthExperiment({ ...base, engine: "gpu" as never })).rejects.toThrow(/parameter 'engine'/);
    await expect(init.depthExperiment({ ...base, initializer: () => [[1]] })).rejects.toThrow(/must return a 4×4 matrix/);
  });
});
