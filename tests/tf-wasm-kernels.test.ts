/**
 * The wasm kernels of src/tf/kernels (Conv2DBackpropFilter, which tfjs-wasm lacks; the faster
 * Conv2DBackpropInput and MaxPoolGrad) against tfjs's own kernels on the cpu backend, on random
 * inputs, and the gradients they give against finite differences.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { tf as dtf } from "../src";
import { simdAdam } from "../src/tf/kernels/adam-wasm-simd";

const tf = dtf.tf;
type Pad = "valid" | "same" | number;
type Case = { x: [number, number, number, number]; f: [number, number, number, number]; s: number | [number, number]; pad: Pad };

const convCases: Case[] = [
  { x: [3, 9, 9, 2], f: [3, 3, 2, 4], s: 1, pad: "valid" },
  { x: [2, 7, 7, 1], f: [5, 5, 1, 3], s: 1, pad: "same" },
  { x: [2, 8, 9, 2], f: [2, 4, 2, 3], s: 1, pad: "same" },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 2], s: 1, pad: 1 },
  { x: [2, 10, 11, 3], f: [3, 2, 3, 5], s: 2, pad: "valid" },
  { x: [2, 10, 11, 3], f: [3, 3, 3, 2], s: 2, pad: "same" },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 2], s: [2, 3], pad: 1 },
  { x: [4, 28, 28, 1], f: [5, 5, 1, 8], s: 1, pad: "valid" },
  // one channel, 'valid': the filter gradient through the long product (16 and 4 columns per tile, an odd row count, k over several chunks)
  { x: [3, 28, 28, 1], f: [5, 5, 1, 16], s: 1, pad: "valid" },
  { x: [5, 20, 21, 1], f: [3, 4, 1, 12], s: 1, pad: "valid" },
  { x: [2, 9, 9, 1], f: [3, 3, 1, 3], s: 1, pad: "valid" },
  // input channels % 4 = 0, stride 1: the input gradient through dy·Wᵀ and the SIMD col2im
  { x: [2, 9, 8, 4], f: [3, 3, 4, 5], s: 1, pad: "valid" },
  { x: [2, 7, 9, 8], f: [3, 5, 8, 3], s: 1, pad: "same" },
  { x: [2, 6, 6, 4], f: [3, 3, 4, 2], s: 1, pad: 1 },
  { x: [3, 12, 12, 16], f: [5, 5, 16, 32], s: 1, pad: "valid" },
  // stride 1, 'valid', output channels % 4 = 0: Conv2D and the filter gradient as patch products (patches.ts),
  // the 8 × 540 KB patches of 70 images in two groups (the second adds to the first's sums)
  { x: [70, 30, 30, 8], f: [5, 5, 8, 4], s: 1, pad: "valid" },
  { x: [2, 9, 7, 3], f: [2, 3, 3, 8], s: 1, pad: "valid" },
  { x: [2, 6, 6, 4], f: [3, 3, 4, 8], s: 1, pad: 0 },
  // stride 1 with padding, output channels % 4 = 0: x inside a zero border, then the same patch products
  { x: [2, 9, 10, 3], f: [3, 4, 3, 8], s: 1, pad: "same" }, // asymmetric: one column left, two right
  { x: [3, 7, 7, 1], f: [5, 5, 1, 4], s: 1, pad: "same" },
  { x: [2, 6, 8, 4], f: [3, 3, 4, 4], s: 1, pad: 1 },
  { x: [2, 8, 8, 16], f: [3, 3, 16, 16], s: 1, pad: "same" },
];

/** Runs `f` on `backend` with fresh tensors from plain arrays; returns plain values. */
async function on<T>(backend: string, f: () => T): Promise<T> {
  await dtf.ready({ backend });
  return f();
}

const arrays = (...ts: dtf.tf.Tensor[]) => ts.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
const tensor = (a: { shape: number[]; values: number[] }): dtf.tf.Tensor => tf.tensor(a.values, a.shape);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel = 1e-5): void {
  expect(got.length).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i] - want[i]) > rel * (1 + scale)) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]} (scale ${scale})`);
  }
}

const kernel = (name: string, inputs: Record<string, dtf.tf.Tensor>, attrs: object) =>
  tf.engine().runKernel(name, inputs, attrs as unknown as dtf.tf.NamedAttrMap) as dtf.tf.Tensor;

describe("wasm kernels of src/tf/kernels", () => {
  beforeAll(async () => {
    await dtf.ready({ backend: "wasm" });
  });
  afterAll(async () => {
    await dtf.ready({ backend: "cpu" });
  });

  it("Conv2DBackpropFilter and Conv2DBackpropInput match tfjs's cpu kernels (strides 1 and 2, valid, same, explicit padding)", async () => {
    for (const [i, c] of convCases.entries()) {
      const inputs = await on("cpu", () => {
        const x = tf.randomNormal(c.x, 0, 1, "float32", 10 + i);
        const f = tf.randomNormal(c.f, 0, 1, "float32", 20 + i);
        const dy = tf.randomNormal(tf.conv2d(x as dtf.tf.Tensor4D, f as dtf.tf.Tensor4D, c.s, c.pad).shape, 0, 1, "float32", 30 + i);
        return arrays(x, f, dy);
      });
      const run = () => {
        const [x, f, dy] = inputs.map(tensor);
        const dw = kernel("Conv2DBackpropFilter", { x, dy }, { strides: c.s, pad: c.pad, dataFormat: "NHWC", filterShape: c.f });
        const dx = kernel("Conv2DBackpropInput", { dy, filter: f }, { strides: c.s, pad: c.pad, dataFormat: "NHWC", inputShape: c.x });
        const out = [dw.dataSync().slice(), dx.dataSync().slice(), dw.shape, dx.shape] as const;
        tf.dispose([x, f, dy, dw, dx]);
        return out;
      };
      const want = await on("cpu", run);
      const before = (await on("wasm", () => tf.memory().numTensors)) as number;
      const got = await on("wasm", run);
      expect(tf.memory().numTensors).toBe(before);
      expect(got[2]).toEqual(want[2]);
      expect(got[3]).toEqual(want[3]);
      expectClose(got[0], want[0]);
      expectClose(got[1], want[1]);
    }
  });

  it("Conv2D matches tfjs's cpu kernel: patch products (one and several channels, groups of images) and XNNPACK for the rest", async () => {
    expect(tf.getKernel("Conv2D", "wasm")?.kernelFunc.name).toBe("conv2d"); // ours, not tfjs's
    for (const [i, c] of convCases.entries()) {
      // Strides [2, 3] with padding 1: tfjs's own wasm (XNNPACK) and cpu kernels disagree there (the cpu
      // kernel leaves the last column 0), a tfjs matter that our kernels never reach.
      if (Array.isArray(c.s) && c.s[0] !== c.s[1]) continue;
      const inputs = await on("cpu", () => arrays(tf.randomNormal(c.x, 0, 1, "float32", 110 + i), tf.randomNormal(c.f, 0, 1, "float32", 120 + i)));
      const run = () => {
        const [x, f] = inputs.map(tensor);
        const y = tf.conv2d(x as dtf.tf.Tensor4D, f as dtf.tf.Tensor4D, c.s, c.pad);
        const out = { shape: y.shape, values: y.dataSync().slice() };
        tf.dispose([x, f, y]);
        return out;
      };
      const want = await on("cpu", run);
      const before = (await on("wasm", () => tf.memory().numTensors)) as number;
      const got = await on("wasm", run);
      expect(tf.memory().numTensors, `case ${i}`).toBe(before);
      expect(got.shape, `case ${i}`).toEqual(want.shape);
      expect(() => expectClose(got.values, want.values), `case ${i}`).not.toThrow();
    }
  });

  it("Identity shares the data (no copy): a clone reads the same values, outlives its source, and frees nothing twice", async () => {
    await dtf.ready({ backend: "wasm" });
    const start = tf.memory();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = tf.clone(x);
    expect((tf.memory() as { numDataBuffers: number }).numDataBuffers).toBe((start as { numDataBuffers: number }).numDataBuffers + 1); // one buffer for both
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5, 6]);
    const z = tf.add(y, 1); // kernels read the shared buffer
    y.dispose();
    expect(Array.from(await z.data())).toEqual([2, 3, 4, 5, 6, 7]);
    z.dispose();
    expect(tf.memory().numTensors).toBe(start.numTensors);
    expect(tf.memory().numBytes).toBe(start.numBytes);
    const s = tf.clone(tf.tensor1d(["a", "b"], "string")); // tfjs's kernel
    expect(await s.array()).toEqual(["a", "b"]);
  });

  it("MaxPoolGrad matches tfjs's cpu kernel, ties (ReLU zeros) going to the first maximum, overlapping and padded windows", async () => {
    const cases: { x: [number, number, number, number]; size: number; s: number; pad: Pad; relu: boolean }[] = [
      { x: [2, 8, 8, 3], size: 2, s: 2, pad: "valid", relu: false },
      { x: [2, 8, 8, 3], size: 2, s: 2, pad: "valid", relu: true },
      { x: [2, 9, 7, 2], size: 3, s: 2, pad: "same", relu: true },
      { x: [1, 7, 7, 2], size: 3, s: 1, pad: "valid", relu: false },
      // 2×2, stride 2, channels % 4 = 0: the SIMD path
      { x: [2, 8, 6, 4], size: 2, s: 2, pad: "valid", relu: false },
      { x: [3, 6, 10, 8], size: 2, s: 2, pad: "valid", relu: true },
      { x: [2, 7, 6, 4], size: 2, s: 2, pad: "valid", relu: true }, // odd height: the JavaScript path
    ];
    for (const [i, c] of cases.entries()) {
      const run = () =>
        tf.tidy(() => {
          let x = tf.randomNormal(c.x, 0, 1, "float32", 40 + i) as dtf.tf.Tensor4D;
          if (c.relu) x = tf.relu(x);
          const dy = tf.randomNormal(tf.maxPool(x, c.size, c.s, c.pad).shape, 0, 1, "float32", 50 + i);
          const g = tf.grad((t: dtf.tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as dtf.tf.Tensor4D, c.size, c.s, c.pad), dy)));
          return g(x).dataSync().slice();
        });
      expectClose(await on("wasm", run), await on("cpu", run), 1e-6);
    }
  });

  it("MaxPoolGrad on windows with NaN and −∞ follows tfjs's rule (NaN never wins; an all −∞ window gets nothing)", async () => {
    const values = Array.from({ length: 2 * 4 * 4 * 4 }, (_, i) => Math.sin(i * 1.7));
    for (const [i, v] of [[0, NaN], [1, NaN], [5, NaN], [17, -Infinity], [21, -Infinity], [33, -Infinity], [37, -Infinity], [2, 0.5], [6, 0.5]] as const) values[i] = v;
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(values, [2, 4, 4, 4]);
        const dy = tf.randomNormal([2, 2, 2, 4], 0, 1, "float32", 90);
        const g = tf.grad((t: dtf.tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as dtf.tf.Tensor4D, 2, 2, "valid"), dy)));
        return Array.from(g(x).dataSync());
      });
    expect(await on("wasm", run)).toEqual(await on("cpu", run));
  });

  it("the gradients of a conv + ReLU + max-pool + conv net agree with finite differences (wasm)", async () => {
    await dtf.ready({ backend: "wasm" });
    const x = tf.randomNormal([3, 12, 12, 2], 0, 1, "float32", 1) as dtf.tf.Tensor4D;
    const w1 = tf.randomNormal([3, 3, 2, 4], 0, 0.5, "float32", 2) as dtf.tf.Tensor4D;
    const w2 = tf.randomNormal([3, 3, 4, 3], 0, 0.5, "float32", 3) as dtf.tf.Tensor4D;
    const r = tf.randomNormal([3, 4, 4, 3], 0, 1, "float32", 4);
    const loss = (a: dtf.tf.Tensor, b: dtf.tf.Tensor, input: dtf.tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(tf.maxPool(tf.relu(tf.conv2d(input as dtf.tf.Tensor4D, a as dtf.tf.Tensor4D, 1, "same")), 2, 2, "valid"), b as dtf.tf.Tensor4D, 1, "valid"), r)) as dtf.tf.Scalar;
    const grads = tf.grads((a: dtf.tf.Tensor, b: dtf.tf.Tensor, input: dtf.tf.Tensor) => loss(a, b, input))([w1, w2, x]);
    // Directional derivatives along random directions, by central differences (h small enough that
    // no ReLU or max-pool decision flips for these seeds).
    const h = 1e-3;
    [w1, w2, x].forEach((p, k) => {
      const d = tf.randomNormal(p.shape, 0, 1, "float32", 60 + k);
      const at = (sign: number) => {
        const args = [w1, w2, x].map((q, j) => (j === k ? tf.add(q, tf.mul(d, sign * h)) : q));
        return loss(args[0], args[1], args[2]).dataSync()[0];
      };
      const fd = (at(1) - at(-1)) / (2 * h);
      const analytic = tf.sum(tf.mul(grads[k], d)).dataSync()[0];
      expect(Math.abs(fd - analytic)).toBeLessThan(2e-2 * (1 + Math.abs(analytic)));
    });
  });

  it("GatherV2 (rows) and Slice match tfjs's cpu kernels, float32 and int32, contiguous and strided", async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([50, 3, 4], 0, 1, "float32", 70);
        const xi = tf.cast(tf.mul(x, 100), "int32");
        const idx = tf.tensor1d([49, 0, 7, 7, 23], "int32");
        const outs = [
          tf.gather(x, idx), tf.gather(xi, idx), tf.gather(x, tf.tensor2d([[1, 2], [3, 4]], [2, 2], "int32")),
          tf.gather(x, tf.tensor1d([2, 0], "int32"), 1), // another axis: tfjs's kernel
          tf.slice(x, [10, 0, 0], [5, 3, 4]), tf.slice(x, [10, 1, 0], [5, 2, 4]), tf.slice(x, [3, 1, 1], [4, 2, 2]),
          tf.slice(xi, [0, 2, 3], [50, 1, 1]), tf.slice(tf.range(0, 10, 1, "int32"), 3, 4), tf.slice(x, [0, 0, 0], [0, 3, 4]),
        ];
        return outs.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
      });
    expect(await on("wasm", run)).toEqual(await on("cpu", run));
    await dtf.ready({ backend: "wasm" });
    expect(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([3], "int32"))).toThrow(/index value 3 is not in \[0, 2\]/);
  });

  it("Sum over leading axes (bias gradients) matches tfjs's cpu kernel; other reductions unchanged", async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([6, 5, 7, 8], 0, 1, "float32", 95);
        const outs = [
          tf.sum(x, [0, 1, 2]), tf.sum(x, [0, 1, 2], true), tf.sum(x, 0), tf.sum(x, [1, 0]), tf.sum(tf.reshape(x, [-1, 16]), 0),
          tf.sum(x, -1), tf.sum(x), tf.sum(tf.reshape(x, [6, 5, 56]), [0, 1]), tf.sum(tf.cast(tf.mul(x, 10), "int32"), [0, 1, 2]),
        ];
        return outs.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      });
    const got = await on("wasm", run);
    const want = await on("cpu", run);
    got.forEach((g, i) => {
      expect([g.shape, g.dtype]).toEqual([want[i].shape, want[i].dtype]);
      expectClose(g.values, want[i].values, 1e-5);
    });
  });

  it("Add of a bias row (every layer's bias in training) is bit-identical to tfjs's cpu kernel; other additions unchanged", async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([6, 5, 7, 8], 0, 1, "float32", 96);
        const row = tf.randomNormal([8], 0, 1, "float32", 97);
        const m = tf.randomNormal([12, 16], 0, 1, "float32", 98);
        const outs = [
          tf.add(x, row), tf.add(row, x), tf.add(x, tf.reshape(row, [1, 1, 1, 8])), tf.add(x, tf.reshape(row, [1, 8])),
          tf.add(m, tf.randomNormal([16], 0, 1, "float32", 99)), tf.add(m, m), tf.add(tf.slice(m, [0, 0], [1, 16]), m),
          // fall back to tfjs's kernel: c not a multiple of 4, column broadcast, a scalar, int32, empty
          tf.add(tf.reshape(m, [32, 6]), tf.randomNormal([6], 0, 1, "float32", 100)), tf.add(m, tf.randomNormal([12, 1], 0, 1, "float32", 101)),
          tf.add(m, 0.5), tf.add(tf.cast(tf.mul(m, 10), "int32"), tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], "int32")),
          tf.add(tf.zeros([0, 8]), row),
        ];
        return outs.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      });
    const got = await on("wasm", run);
    const want = await on("cpu", run);
    got.forEach((g, i) => expect(g, `output ${i}`).toEqual(want[i]));
  });

  it("BatchMatMul through the in-place tiles matches tfjs's cpu kernel: transposes, 16/4-column tiles, odd rows, long k; other products unchanged", async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[5, 7], [7, 8], false, false], [[7, 5], [7, 16], true, false], [[5, 7], [32, 7], false, true], [[7, 5], [12, 7], true, true],
      [[1, 3, 4], [1, 4, 8], false, false], [[1, 9], [9, 4], false, false], [[6, 1], [1, 20], false, false], [[3, 2500], [2500, 16], false, false],
      [[129, 33], [33, 48], false, false],
      // tfjs's kernel: 6 columns, a batch of 2
      [[5, 7], [7, 6], false, false], [[2, 3, 4], [2, 4, 8], false, false],
    ];
    const run = () =>
      tf.tidy(() => {
        const outs = cases.map(([sa, sb, ta, tb], i) => tf.matMul(tf.randomNormal(sa, 0, 1, "float32", 200 + i), tf.randomNormal(sb, 0, 1, "float32", 300 + i), ta, tb));
        return outs.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      });
    const got = await on("wasm", run);
    const want = await on("cpu", run);
    got.forEach((g, i) => {
      expect([g.shape, g.dtype], `product ${i}`).toEqual([want[i].shape, want[i].dtype]);
      expectClose(g.values, want[i].values, 1e-5);
    });
  });

  it("DescentAdam (one kernel per tensor) gives bit-identical steps to the ten-kernel rule, for adam, adamw, coupled decay and maximize", async () => {
    const variants = [
      () => dtf.optim.adam({ lr: 1e-2 }),
      () => dtf.optim.adamw({ lr: 1e-2, weightDecay: 0.1 }),
      () => dtf.optim.adam({ lr: 3e-3, weightDecay: 0.05, maximize: true, betas: [0.8, 0.99], eps: 1e-6 }),
    ];
    for (const backend of ["wasm", "cpu"]) {
      await dtf.ready({ backend });
      for (const make of variants) {
        const trajectory = (fused: boolean) => {
          if (fused) delete process.env.DESCENT_FUSED_ADAM;
          else process.env.DESCENT_FUSED_ADAM = "off";
          const w = tf.variable(tf.randomNormal([37, 5], 0, 1, "float32", 80));
          const target = tf.randomNormal([37, 5], 0, 1, "float32", 81);
          const opt = make();
          for (let k = 0; k < 5; k++) opt.minimize(() => tf.sum(tf.square(tf.sub(tf.mul(w, w), target))) as dtf.tf.Scalar, false, [w]);
          const out = Array.from(w.dataSync());
          tf.dispose([w, target]);
          opt.dispose();
          return out;
        };
        expect(tf.getKernel("DescentAdam", backend)).toBeDefined();
        // On wasm the SIMD module over tfjs's memory, not the JavaScript fallback.
        if (backend === "wasm") expect(simdAdam((tf.backend() as unknown as { wasm: { asm: { memory: { buffer: ArrayBuffer } } } }).wasm.asm.memory)).not.toBeNull();
        try {
          const fusedRun = await tf.profile(() => void trajectory(true));
          expect(fusedRun.kernels.filter((k) => k.name === "DescentAdam").length).toBe(5);
          expect(trajectory(true)).toEqual(trajectory(false));
        } finally {
          delete process.env.DESCENT_FUSED_ADAM;
        }
      }
    }
  });
});
