import { describe, expect, it } from "vitest";
import { init, rng } from "../src";

const SHAPE = [512, 256]; // [fanOut, fanIn]

function stats(w: number[][]): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let n = 0;
  let maxAbs = 0;
  for (const row of w) for (const v of row) { s += v; n++; maxAbs = Math.max(maxAbs, Math.abs(v)); }
  const mean = s / n;
  let ss = 0;
  for (const row of w) for (const v of row) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n), maxAbs };
}

function gram(a: number[][], byColumns: boolean): number[][] {
  const rows = a.length;
  const cols = a[0].length;
  const k = byColumns ? cols : rows;
  const g: number[][] = [];
  for (let i = 0; i < k; i++) {
    g.push(new Array(k).fill(0));
    for (let j = 0; j < k; j++) {
      let s = 0;
      if (byColumns) for (let r = 0; r < rows; r++) s += a[r][i] * a[r][j];
      else for (let c = 0; c < cols; c++) s += a[i][c] * a[j][c];
      g[i][j] = s;
    }
  }
  return g;
}

function maxDeviationFromIdentity(g: number[][], scale = 1): number {
  let m = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) m = Math.max(m, Math.abs(g[i][j] - (i === j ? scale : 0)));
  return m;
}

describe("calculateGain (PyTorch 1.13 table)", () => {
  it("matches the hand-computed gains", () => {
    for (const n of ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose2d", "sigmoid"] as const) expect(init.calculateGain(n)).toBe(1);
    expect(init.calculateGain("tanh")).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain("relu")).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    expect(init.calculateGain("leaky_relu", 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(init.calculateGain("selu")).toBe(0.75);
  });
  it("rejects unknown nonlinearities and bad slopes", () => {
    expect(() => init.calculateGain("swish" as never)).toThrow(/init.calculateGain: parameter 'nonlinearity' must be one of .*got "swish"/);
    expect(() => init.calculateGain("leaky_relu", NaN)).toThrow(/parameter 'param'/);
  });
});

describe("computeFans (PyTorch conventions)", () => {
  it("dense and convolution shapes", () => {
    expect(init.computeFans([20, 10])).toEqual({ fanIn: 10, fanOut: 20, receptiveField: 1 });
    expect(init.computeFans([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400, receptiveField: 25 });
    expect(init.computeFans([4, 2, 3])).toEqual({ fanIn: 6, fanOut: 12, receptiveField: 3 });
  });
  it("refuses fewer than 2 dims and non-integers", () => {
    expect(() => init.computeFans([5])).toThrow(/init.computeFans: parameter 'shape' must be an array of at least 2 positive integers.*got \[5\]/);
    expect(() => init.computeFans([5, 0])).toThrow(/got \[5, 0\]/);
    expect(() => init.computeFans([5, 2.5])).toThrow(/parameter 'shape'/);
  });
});

describe("initializers: empirical std within 1% of theory on a 512×256 weight", () => {
  const fanIn = 256;
  const fanOut = 512;
  const cases: [string, () => number[][], number, number | null][] = [
    ["uniformBook", () => init.uniformBook(SHAPE, { rng: rng(1) }), 1 / Math.sqrt(3 * fanIn), 1 / Math.sqrt(fanIn)],
    ["glorotUniform", () => init.glorotUniform(SHAPE, { rng: rng(2) }), Math.sqrt(2 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut))],
    ["glorotUniform gain 5/3", () => init.glorotUniform(SHAPE, { gain: 5 / 3, rng: rng(3) }), (5 / 3) * Math.sqrt(2 / 768), (5 / 3) * Math.sqrt(6 / 768)],
    ["glorotNormal", () => init.glorotNormal(SHAPE, { rng: rng(4) }), Math.sqrt(2 / (fanIn + fanOut)), null],
    ["heUniform", () => init.heUniform(SHAPE, { rng: rng(5) }), Math.sqrt(2 / fanIn), Math.sqrt(6 / fanIn)],
    ["heNormal", () => init.heNormal(SHAPE, { rng: rng(6) }), Math.sqrt(2 / fanIn), null],
    ["heNormal fanOut", () => init.heNormal(SHAPE, { mode: "fanOut", rng: rng(7) }), Math.sqrt(2 / fanOut), null],
    ["heNormal tanh", () => init.heNormal(SHAPE, { nonlinearity: "tanh", rng: rng(8) }), 5 / 3 / Math.sqrt(fanIn), null],
    ["heUniform leaky a=0.2", () => init.heUniform(SHAPE, { nonlinearity: "leaky_relu", a: 0.2, rng: rng(9) }), Math.sqrt(2 / 1.04 / fanIn), Math.sqrt(6 / 1.04 / fanIn)],
    ["lecunNormal", () => init.lecunNormal(SHAPE, { rng: rng(10) }), 1 / Math.sqrt(fanIn), null],
    ["orthogonal", () => init.orthogonal(SHAPE, { rng: rng(11) }), 1 / Math.sqrt(fanOut), null],
  ];
  for (const [name, make, std, bound] of cases) {
    it(name, () => {
      const w = make();
      expect(w.length).toBe(512);
      expect(w.every((r) => r.length === 256)).toBe(true);
      const s = stats(w);
      expect(Math.abs(s.std / std - 1)).toBeLessThan(0.01);
      expect(Math.abs(s.mean)).toBeLessThan(4 * std / Math.sqrt(512 * 256));
      if (bound !== null) {
        expect(s.maxAbs).toBeLessThanOrEqual(bound);
        expect(s.maxAbs).toBeGreaterThan(0.999 * bound);
      }
    });
  }
  it("sparse: non-zero entries have the requested std", () => {
    const w = init.sparse(SHAPE, { nonZeros: 128, std: 0.05, rng: rng(12) });
    const nz = w.flat().filter((v) => v !== 0);
    expect(nz.length).toBe(512 * 128);
    const rms = Math.sqrt(nz.reduce((a, v) => a + v * v, 0) / nz.length);
    expect(Math.abs(rms / 0.05 - 1)).toBeLessThan(0.01);
  });
});

describe("seeding", () => {
  it("same seed, same weights; different seed, different weights", () => {
    expect(init.heNormal([8, 4], { rng: rng(3) })).toEqual(init.heNormal([8, 4], { rng: rng(3) }));
    expect(init.orthogonal([8, 4], { rng: rng(3) })).toEqual(init.orthogonal([8, 4], { rng: rng(3) }));
    expect(init.sparse([8, 4], { nonZeros: 2, rng: rng(3) })).toEqual(init.sparse([8, 4], { nonZeros: 2, rng: rng(3) }));
    expect(init.heNormal([8, 4], { rng: rng(3) })).not.toEqual(init.heNormal([8, 4], { rng: rng(4) }));
  });
});

describe("convolution shapes", () => {
  it("come back as [out, in·∏kernel] with conv fans", () => {
    const w = init.heNormal([64, 16, 3, 3], { rng: rng(5) });
    expect(w.length).toBe(64);
    expect(w[0].length).toBe(144);
    expect(Math.abs(stats(w).std / Math.sqrt(2 / 144) - 1)).toBeLessThan(0.03);
    const g = init.glorotUniform([64, 16, 3, 3], { rng: rng(6) });
    expect(stats(g).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / (144 + 576)));
  });
});

describe("orthogonal", () => {
  it("tall 512×256: WᵀW = I to 1e-12", () => {
    const w = init.orthogonal([512, 256], { rng: rng(21) });
    expect(maxDeviationFromIdentity(gram(w, true))).toBeLessThan(1e-12);
  });
  it("wide 96×200: WWᵀ = I; square: both; gain scales to gain²·I", () => {
    const wide = init.orthogonal([96, 200], { rng: rng(22) });
    expect(wide.length).toBe(96);
    expect(wide[0].length).toBe(200);
    expect(maxDeviationFromIdentity(gram(wide, false))).toBeLessThan(1e-12);
    const sq = init.orthogonal([64, 64], { gain: 2, rng: rng(23) });
    expect(maxDeviationFromIdentity(gram(sq, true), 4)).toBeLessThan(1e-12);
    expect(maxDeviationFromIdentity(gram(sq, false), 4)).toBeLessThan(1e-12);
    const conv = init.orthogonal([8, 2, 3, 3], { rng: rng(24) });
    expect(conv[0].length).toBe(18);
    expect(maxDeviationFromIdentity(gram(conv, false))).toBeLessThan(1e-12);
  });
  it("is the sign-corrected QR factor: Qᵀ·A is upper triangular with a positive diagonal", () => {
    // The draws are rng(seed).normal() in row-major order, so A can be rebuilt independently.
    const [m, n] = [7, 4];
    const q = init.orthogonal([m, n], { rng: rng(31) });
    const r = rng(31);
    const a = Array.from({ length: m }, () => Array.from({ length: n }, () => r.normal()));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += q[k][i] * a[k][j];
        if (i > j) expect(Math.abs(s)).toBeLessThan(1e-12);
        if (i === j) expect(s).toBeGreaterThan(0);
      }
    }
  });
  it("is centred like a Haar matrix: E[trace Q] = 0 over many draws", () => {
    let t = 0;
    const trials = 3000;
    for (let s = 0; s < trials; s++) {
      const q = init.orthogonal([3, 3], { rng: rng(1000 + s) });
      t += q[0][0] + q[1][1] + q[2][2];
    }
    // Var(trace) = 1 for Haar O(n), so 5σ of the mean is 5/√3000 ≈ 0.09.
    expect(Math.abs(t / trials)).toBeLessThan(0.09);
  });
});

describe("sparse", () => {
  it("has exactly k non-zeros per row, at varying positions", () => {
    const w = init.sparse([512, 256], { nonZeros: 15, rng: rng(41) });
    for (const row of w) expect(row.filter((v) => v !== 0).length).toBe(15);
    const firstPositions = new Set(w.map((row) => row.findIndex((v) => v !== 0)));
    expect(firstPositions.size).toBeGreaterThan(20);
    const counts = new Array(256).fill(0);
    for (const row of w) row.forEach((v, j) => { if (v !== 0) counts[j]++; });
    // Each column is hit 512·15/256 = 30 times on average; positions are uniform, not clustered.
    expect(Math.max(...counts)).toBeLessThan(60);
    expect(Math.min(...counts)).toBeGreaterThan(8);
  });
  it("k = 0 and k = fanIn are the extremes; k > fanIn is refused", () => {
    expect(init.sparse([3, 4], { nonZeros: 0, rng: rng(1) }).flat().every((v) => v === 0)).toBe(true);
    expect(init.sparse([3, 4], { nonZeros: 4, rng: rng(1) }).flat().every((v) => v !== 0)).toBe(true);
    expect(() => init.sparse([3, 4], { nonZeros: 5, rng: rng(1) })).toThrow(/init.sparse: parameter 'nonZeros' must be an integer in \[0, 4\].*got 5/);
    expect(() => init.sparse([3, 4], { nonZeros: 2, std: -1, rng: rng(1) })).toThrow(/parameter 'std'/);
  });
});

describe("zeros and constant", () => {
  it("vectors for biases, matrices for weights", () => {
    expect(init.zeros(3)).toEqual([0, 0, 0]);
    expect(init.zeros([2])).toEqual([0, 0]);
    expect(init.zeros([2, 3])).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(init.constant([2, 1, 2], 0.5)).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(init.constant(2, -1)).toEqual([-1, -1]);
  });
  it("errors name the function", () => {
    expect(() => init.zeros(0)).toThrow(/^init.zeros: parameter 'shape'/);
    expect(() => init.constant([2], NaN)).toThrow(/^init.constant: parameter 'value' must be a finite number, got NaN/);
  });
});

describe("bad input", () => {
  it("is refused with the function, parameter and value", () => {
    expect(() => init.heNormal([0, 3], { rng: rng(1) })).toThrow(/^init.heNormal: parameter 'shape'.*got \[0, 3\]/);
    expect(() => init.glorotUniform([3], { rng: rng(1) })).toThrow(/^init.glorotUniform: parameter 'shape'/);
    expect(() => init.uniformBook([3, 3], {} as never)).toThrow(/^init.uniformBook: parameter 'rng' must be a generator made by rng\(seed\), got undefined/);
    expect(() => init.heUniform([3, 3], { mode: "fan_in" as never, rng: rng(1) })).toThrow(/^init.heUniform: parameter 'mode' must be "fanIn" or "fanOut", got "fan_in"/);
    expect(() => init.heUniform([3, 3], { nonlinearity: "gelu" as never, rng: rng(1) })).toThrow(/^init.heUniform: parameter 'nonlinearity'/);
    expect(() => init.glorotNormal([3, 3], { gain: Infinity, rng: rng(1) })).toThrow(/^init.glorotNormal: parameter 'gain' must be a finite number, got Infinity/);
    expect(() => init.orthogonal([3, 3], null as never)).toThrow(/^init.orthogonal: parameter 'options'/);
  });
});
