/**
 * Issues #16/#17: the heavy cells' library code runs on tfjs's webgpu backend in the browser. That backend cannot
 * read the GPU synchronously (dataSync/arraySync stall, throw or, on SwiftShader, read zeros), so every helper that
 * reads a tensor does it with `await t.data()`. Here each such helper runs on a tiny synthetic slice in headless
 * Chromium on webgpu (SwiftShader's Vulkan, STACK.md's flags, a page on http://127.0.0.1), the backend is checked
 * to be webgpu after every helper, and the numbers are compared with the same source run in Node on wasm, the
 * backend the notebooks are executed on.
 *
 * A synchronous read would also be caught directly: the page wraps the webgpu backend's readSync and records every
 * call that has to fetch data from the GPU (data already on the CPU is free to read); the test requires none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as http from "http";
import type { Browser, Page } from "playwright-core";
import * as d from "../src";
import { bundleLibrary, launchChromium, openReadyPage, serveFiles, tfjsWasmFiles, WEBGPU_ARGS } from "./fixtures/browser-harness";

/**
 * Every helper that used to read synchronously, on the same seeded data in the page and in Node. Synthetic
 * 28×28 "images" (a class pattern plus noise: the CNN needs 784 pixels) keep it fast on a software GPU.
 * Returns plain numbers only, and `used`: the tfjs backend after each helper.
 */
const HEAVY = `
  await d.tf.ready({ backend });
  const tf = d.tf.tf;
  const used = {};
  const r = d.rng(0);
  const p = 784, nClasses = 10, nTrain = 48, nTest = 24;
  const pattern = Array.from({ length: nClasses }, () => Float32Array.from({ length: p }, () => r()));
  const make = (n) => {
    const x = new Float32Array(n * p), y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % nClasses;
      for (let j = 0; j < p; j++) x[i * p + j] = 0.5 * pattern[y[i]][j] + 0.5 * r();
    }
    return { x, y };
  };
  const tr = make(nTrain), te = make(nTest);
  const data = { xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y, nFeatures: p, nClasses };
  const out = {};
  const take = async (name, run) => {
    out[name] = await run();
    used[name] = tf.getBackend();
  };

  // train.paramNet helpers (8.2.1, 8.4, 8.7.5)
  const net = d.train.paramNet({ sizes: [p, 12, nClasses], activation: "tanh", seed: 1 });
  const { x, y } = d.train.toTensors(data.xTrain, data.yTrain, p);
  let g;
  await take("train.flatParams", async () => Array.from(await d.train.flatParams(net)));
  await take("train.netEvaluate", () => d.train.netEvaluate(net, x, y));
  await take("train.flatGradient", async () => Array.from((g = await d.train.flatGradient(net, x, y))));
  await take("train.hessianVectorProduct", async () => Array.from(await d.train.hessianVectorProduct(net, x, y, g)));
  await take("lab.hessianSpectrum (lab.lanczos)", async () => (await d.lab.hessianSpectrum(net, { x: data.xTrain, y: data.yTrain, nFeatures: p }, { iterations: 4, top: 2 })).top);
  await take("lab.trainParamNet (lab.trainSteps)", async () => Array.from(await d.lab.trainParamNet(net, x, y, { optimizer: d.tf.optim.sgd({ lr: 0.1 }), steps: 4, batchSize: 16, seed: 0 })));
  const dirs = [];
  await take("lab.filterNormalizedDirection", async () => {
    dirs.push(await d.lab.filterNormalizedDirection(net, 2), await d.lab.filterNormalizedDirection(net, 3));
    return Array.from(await dirs[0][0].data());
  });
  await take("lab.landscapeGrid", async () => (await d.lab.landscapeGrid(net, x, y, dirs, [-0.5, 0, 0.5])).loss.flat());
  tf.dispose([...dirs.flat(), x, y]);
  net.dispose();

  // A train.mlp probe (8.7.1) and the depth experiment's tfjs engine (8.4)
  const mlp = d.train.mlp({ sizes: [p, 8, 8, nClasses], seed: 2 });
  await take("lab.hiddenPreActivations", async () => (await d.lab.hiddenPreActivations(mlp, data.xTest, p, 1)).flat());
  mlp.dispose();
  await take("init.depthExperiment (tfjs engine)", async () => {
    const e = await d.init.depthExperiment({ layers: 3, width: 32, batch: 8, initializer: "heNormal", activation: "tanh", seed: 4, gradients: true, engine: "tfjs" });
    return [...e.preMean, ...e.preStd, ...e.postMean, ...e.postStd, ...e.gradMean, ...e.gradStd, ...e.weightGradStd];
  });

  // The heavy cells' own functions, shrunk to the slice (what a reader's GPU runs at full size)
  await take("lab.gradientGrowth", async () => {
    const gg = await d.lab.gradientGrowth(data, { sizes: [p, 12, nClasses], nTrain, batchSize: 16, steps: 4, lr: 0.1, nEval: nTest, nTest, checkpoints: 2, seed: 1 });
    gg.net.dispose();
    return { loss: [...gg.evalLoss, ...gg.trainLoss], gradientNorm: gg.gradientNorm, gHg: gg.gHg, initialParams: Array.from(gg.initialParams) };
  });
  await take("lab.depthTraining", async () => {
    const dt = await d.lab.depthTraining(data, { depth: 2, width: 8, initializers: ["he"], nTrain, nTest, batchSize: 16, steps: 4, lr: 0.01, momentum: 0.9 });
    return [...dt.runs[0].trainLoss, dt.runs[0].testLoss];
  });
  await take("lab.optimizerComparison (small CNN)", async () => {
    const c = await d.lab.optimizerComparison(data, { architecture: "strided", nTrain, nTest, batchSize: 16, steps: 4, evalEvery: 2, seeds: [0] }, d.lab.optimizerRecipes().slice(4, 5));
    return { loss: [...c.recipes[0].trainLoss[0], ...c.recipes[0].testLoss[0]], accuracy: [...c.recipes[0].trainAccuracy[0], ...c.recipes[0].testAccuracy[0]] };
  });
  await take("lab.batchNormDrift", async () => {
    const b = await d.lab.batchNormDrift(data, { hidden: [8, 8], activation: "relu", nTrain, nTest, batchSize: 16, steps: 4, lr: 0.05, momentum: 0.9, evalEvery: 2, target: 0.5, layer: 1, unit: 0, nProbe: nTest });
    return { loss: b.runs.flatMap((run) => Array.from(run.trainLoss)), probe: b.runs.flatMap((run) => [...run.p15, ...run.p50, ...run.p85]), accuracy: b.runs.flatMap((run) => run.testAccuracy) };
  });
  await take("lab.lossLandscapes", async () => {
    const ls = await d.lab.lossLandscapes(data, { depth: 2, width: 8, nTrain, batchSize: 16, steps: 4, lr: 0.01, momentum: 0.9, gridPoints: 3, extent: 1, nLoss: nTest, seed: 0 });
    return ls.flatMap((l) => [l.trainedLoss, ...l.loss.flat(), ...l.trainLosses]);
  });

  // A tfjs optimizer's state saved and restored (setWeights reads the step count and float64 scalars)
  await take("tf optimizer setWeights", async () => {
    const v = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const f = () => tf.sum(tf.mul(tf.tensor1d([1, 10, 3]), tf.square(v)));
    const a = d.tf.optim.nadam({ lr: 0.05 });
    for (let k = 0; k < 3; k++) a.minimize(f, false, [v]);
    const saved = (await a.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    const b = d.tf.optim.nadam({ lr: 0.05 });
    await b.setWeights(saved);
    b.minimize(f, false, [v]);
    const values = [b.iterations, ...(await v.data())];
    tf.dispose([v, ...saved.map((s) => s.tensor)]);
    return values;
  });
  return { used, out };
`;

/** Records the webgpu backend's synchronous reads of GPU data (the calls that stall or read zeros). */
const PAGE = `
import * as d from "./assets/descent.js";
const heavy = new (async () => {}).constructor("d", "backend", ${JSON.stringify(HEAVY)});
window.descentTest = {
  async adapter() {
    if (!navigator.gpu) return "no navigator.gpu (not a secure context, or WebGPU is off)";
    const a = await navigator.gpu.requestAdapter();
    return a ? "" : "navigator.gpu.requestAdapter() returned null (no WebGPU adapter)";
  },
  async run() {
    await d.tf.ready({ backend: "webgpu" });
    const backend = d.tf.tf.backend();
    const readSync = backend.readSync.bind(backend);
    const syncReads = [];
    backend.readSync = (dataId) => {
      // The caller's frames after this wrapper and tfjs's engine: e.g. "at Tensor.dataSync | at stats | at depthExperimentTf".
      if (backend.tensorMap.get(dataId)?.values == null) syncReads.push(new Error().stack.split("\\n").slice(3, 6).map((l) => l.trim().replace(/ \\(.*\\)$/, "")).join(" | "));
      return readSync(dataId);
    };
    try {
      const result = await heavy(d, "webgpu");
      return { ...result, syncReads, report: d.tf.lastReport() };
    } catch (e) {
      // A synchronous read can also break the device for what follows (SwiftShader then refuses mapped buffers).
      const where = [...new Set(syncReads)];
      throw new Error(e.message + (where.length ? "; " + syncReads.length + " synchronous GPU reads before it, from: " + where.join(" || ") : ""));
    }
  },
};
window.descentReady = true;
`;

type Value = number[] | { [key: string]: number | number[] };
type Heavy = { used: Record<string, string>; out: Record<string, Value> };
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (dd: unknown, backend: string) => Promise<Heavy>;

let server: http.Server | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const bundle = (await bundleLibrary()).text;
  const served = await serveFiles({
    "/favicon.ico": { body: () => "", type: "image/x-icon" },
    "/index.html": { body: () => `<!doctype html><meta charset="utf-8"><title>webgpu</title><script type="module" src="./page.js"></script>`, type: "text/html" },
    "/page.js": { body: () => PAGE, type: "text/javascript" },
    "/assets/descent.js": { body: () => bundle, type: "text/javascript" },
    ...tfjsWasmFiles(),
  });
  server = served.server;
  browser = await launchChromium(WEBGPU_ARGS);
  page = await openReadyPage(browser, `${served.origin}/index.html`, pageErrors);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** ‖a − b‖ / ‖b‖ over all entries. */
function relativeError(a: number[], b: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * float32 on another device sums in another order, so results agree to a tolerance, per kind of number
 * (relative, ‖a − b‖/‖b‖ over the whole vector; measured on SwiftShader in brackets):
 * - copies of uploaded weights (no arithmetic): exactly;
 * - losses, gradients, activations, statistics, a few training steps: 1e-5 (≤ 7e-7). float32 rounds to 6e-8;
 *   784-long dot products and 4 optimizer steps grow that to ~1e-6, and a GPU's exp/log may differ in the last bits;
 * - Hessian-vector products, gᵀHg and Lanczos' Ritz values: 1e-3 (≤ 1.3e-5). Hv is a difference of two gradients
 *   divided by the step h = 5e-3, which multiplies the gradients' float32 rounding by ‖v‖/h ≈ 200;
 * - accuracies: within 1/24, one of the 24 test images (measured: equal). An argmax may flip where two float32
 *   logits tie to rounding;
 * - the restored optimizer's step: 1e-6 (equal); it is float32 arithmetic on three numbers.
 */
const TOLERANCE: Record<string, Record<string, number>> = {
  "train.flatParams": { value: 0 },
  "train.netEvaluate": { loss: 1e-5, accuracy: 1 / 24 },
  "train.flatGradient": { value: 1e-5 },
  "train.hessianVectorProduct": { value: 1e-3 },
  "lab.hessianSpectrum (lab.lanczos)": { value: 1e-3 },
  "lab.trainParamNet (lab.trainSteps)": { value: 1e-5 },
  "lab.filterNormalizedDirection": { value: 1e-5 },
  "lab.landscapeGrid": { value: 1e-5 },
  "lab.hiddenPreActivations": { value: 1e-5 },
  "init.depthExperiment (tfjs engine)": { value: 1e-5 },
  "lab.gradientGrowth": { loss: 1e-5, gradientNorm: 1e-5, gHg: 1e-3, initialParams: 0 },
  "lab.depthTraining": { value: 1e-5 },
  "lab.optimizerComparison (small CNN)": { loss: 1e-5, accuracy: 1 / 24 },
  "lab.batchNormDrift": { loss: 1e-5, probe: 1e-5, accuracy: 1 / 24 },
  "lab.lossLandscapes": { value: 1e-5 },
  "tf optimizer setWeights": { value: 1e-6 },
};

describe("heavy-cell helpers on tfjs webgpu in headless Chromium (SwiftShader), against wasm in Node", () => {
  it("read the GPU only asynchronously, stay on webgpu, and agree with wasm within float32 tolerances", async () => {
    // No WebGPU here is a failure with the reason, not an empty pass: these code paths exist for readers' GPUs.
    const noAdapter = await page.evaluate("window.descentTest.adapter()");
    if (noAdapter) throw new Error(`WebGPU cannot run in this headless Chromium (${WEBGPU_ARGS.join(" ")}): ${noAdapter}`);
    let gpu: Heavy & { syncReads: string[]; report: { backend: string; forced: boolean } };
    try {
      gpu = (await page.evaluate("window.descentTest.run()")) as typeof gpu;
    } catch (e) {
      throw new Error(`the heavy helpers failed on webgpu in Chromium: ${(e as Error).message}\npage errors: ${pageErrors.join("\n") || "none"}`);
    }
    const wasm = await new AsyncFunction("d", "backend", HEAVY)(d, "wasm");

    expect(gpu.report).toMatchObject({ backend: "webgpu", forced: true });
    expect(Object.keys(gpu.out)).toEqual(Object.keys(TOLERANCE));
    expect(Object.keys(wasm.out)).toEqual(Object.keys(TOLERANCE));
    // Every helper left tfjs on webgpu (a silent fallback to another backend would make the comparison moot).
    for (const name of Object.keys(TOLERANCE)) {
      expect(gpu.used[name], `backend after ${name}`).toBe("webgpu");
      expect(wasm.used[name], `backend after ${name} in Node`).toBe("wasm");
    }
    expect([...new Set(gpu.syncReads)], "where the library read GPU data synchronously").toEqual([]);

    const report: string[] = [];
    for (const [name, tolerances] of Object.entries(TOLERANCE)) {
      const split = (v: Value): Record<string, number[]> =>
        Array.isArray(v) ? { value: v } : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x : [x]]));
      const onGpu = split(gpu.out[name]);
      const onWasm = split(wasm.out[name]);
      expect(Object.keys(onGpu).sort(), name).toEqual(Object.keys(tolerances).sort());
      for (const [key, tol] of Object.entries(tolerances)) {
        const a = onGpu[key];
        const b = onWasm[key];
        const label = `${name} ${key}`;
        expect(a.length, label).toBe(b.length);
        expect(b.length, label).toBeGreaterThan(0);
        expect(b.every(Number.isFinite), `${label} finite on wasm`).toBe(true);
        // Not all zeros where wasm has a non-zero: zeros are what a failed synchronous read on webgpu returned.
        if (b.some((v) => v !== 0)) expect(a.some((v) => v !== 0), `${label} on webgpu is not all zeros`).toBe(true);
        if (key === "accuracy") {
          const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
          report.push(`${label}: max |Δ| ${worst.toExponential(1)}`);
          expect(worst, label).toBeLessThanOrEqual(tol + 1e-7);
        } else if (tol === 0) {
          expect(a, label).toEqual(b);
        } else {
          const err = relativeError(a, b);
          report.push(`${label}: ${err.toExponential(1)}`);
          expect(err, label).toBeLessThan(tol);
        }
      }
    }
    console.log(`webgpu vs wasm (relative error):\n  ${report.join("\n  ")}`);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
