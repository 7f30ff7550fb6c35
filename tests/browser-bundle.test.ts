/**
 * The library bundles for the browser and runs there: src/browser.ts through esbuild
 * (--bundle --platform=browser --format=esm) with no Node built-in, loaded in headless Chromium from a
 * local http server, where it computes the same float64 numbers as Node (bit for bit where only arithmetic
 * is involved, within 1e-12 through exp/pow/log, whose last bit differs between the engines), makes the same figure, loads the digits and Fashion-MNIST over fetch, trains with d.train.fit, picks a tfjs backend (webgl, webgpu
 * with the WebGPU flags) or runs the one asked for (cpu, wasm from binaries served by the server),
 * reads `?backend=` as DESCENT_BACKEND, and works inside a module Web Worker as the browser edition uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import type * as http from "http";
import * as path from "path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import * as d from "../src";
import { bundleLibrary, launchChromium, openReadyPage, ROOT as root, serveFiles, tfjsWasmFiles, WEBGPU_ARGS, type ServedFiles } from "./fixtures/browser-harness";

const fashionDir = "/usr/share/datasets/fashion-mnist";
const NODE_BUILTINS = /^(node:)?(fs|path|os|zlib|crypto|child_process|worker_threads|module|url|util|net|http|https|stream|buffer|events|vm|perf_hooks|assert|tty)(\/|$)/;

/**
 * The float64 experiment, one source text run by Node and by the page: optimizers on the reference
 * problems, a second-order method, and a figure. Every number comes back as a plain array (JSON-exact).
 * `exact` uses only +, −, ×, ÷ and sqrt, which IEEE 754 fixes to the bit. `transcendental` also goes
 * through Math.pow / Math.exp / Math.log (Adam's bias corrections, NAdam's and ASGD's schedules, the
 * logistic loss), where engines differ in the last bit: Node 20's V8 uses its own fdlibm port, Debian's
 * Chromium the system libm (measured: 10 % of Math.exp/Math.pow results differ by one ulp).
 */
const EXPERIMENT = `
  const q = d.problems.reference("quad5"), r = d.problems.reference("rosenbrock"), lr = d.problems.reference("logreg_l2");
  const exact = [
    ["torch sgd nesterov", d.optim.sgd({ lr: 1e-3, momentum: 0.9, nesterov: true }), r],
    ["torch sgd momentum wd", d.optim.sgd({ lr: 0.01, momentum: 0.9, weightDecay: 0.01, dampening: 0.1 }), q],
    ["torch rmsprop centered", d.optim.rmsprop({ lr: 0.01, centered: true, momentum: 0.5 }), q],
    ["torch adagrad", d.optim.adagrad({ lr: 0.1, lrDecay: 0.01 }), r],
    ["torch adadelta", d.optim.adadelta({}), q],
    ["torch rprop", d.optim.rprop({}), r],
    ["book momentum", d.book.momentum({ epsilon: 1e-3, alpha: 0.9 }), r],
    ["book nesterov", d.book.nesterov({ epsilon: 1e-3, alpha: 0.9 }), r],
    ["book rmsprop nesterov", d.book.rmspropNesterov({ epsilon: 1e-3, rho: 0.9, alpha: 0.5 }), q],
  ];
  const transcendental = [
    ["torch adam", d.optim.adam({ lr: 0.05 }), r],
    ["torch adam amsgrad wd (logistic)", d.optim.adam({ lr: 0.02, amsgrad: true, weightDecay: 0.01 }), lr],
    ["torch adamw", d.optim.adamw({ lr: 0.01 }), q],
    ["torch asgd (logistic)", d.optim.asgd({ lr: 0.01, t0: 20 }), lr],
    ["torch nadam", d.optim.nadam({}), r],
    ["book adam", d.book.adam({ epsilon: 0.01 }), q],
  ];
  const runAll = (cases) => {
    const out = {};
    for (const [name, opt, p] of cases) {
      const t = d.run(opt, p.objective, { x0: p.x0, steps: 300 });
      out[name] = [...t.loss, ...t.params[t.params.length - 1]];
    }
    return out;
  };
  const result = { exact: runAll(exact), transcendental: runAll(transcendental) };
  const bfgs = d.secondOrder.lbfgs(r.objective, { x0: r.x0 });
  result.exact["lbfgs"] = [bfgs.f, bfgs.iterations, bfgs.evaluations, ...bfgs.x];
  const fig = d.plot.lines({ title: "Loss", xTitle: "step", yTitle: "loss", logY: true,
    series: [{ name: "sgd", y: result.exact["torch sgd nesterov"].slice(0, 50) }] });
  result.figure = fig.toMimeBundle()["application/vnd.plotly.v1+json"];
  return result;
`;

/** A notebook's training cell, shrunk (200 digits, 3 epochs): d.train.fit on the given backend. */
const TRAINING = `
  await d.tf.ready({ backend });
  const g = await d.data.loadDigits({ seed: 0, validationFraction: 0.2 });
  const n = 200, f = g.nFeatures;
  const small = { ...g, xTrain: g.xTrain.slice(0, n * f), yTrain: g.yTrain.slice(0, n) };
  const model = d.train.mlp({ sizes: [f, 16, g.nClasses], seed: 0 });
  const h = await d.train.fit(model, small, { optimizer: d.tf.optim.sgd({ lr: 0.1, momentum: 0.9 }), epochs: 3, batchSize: 32, seed: 0 });
  model.dispose();
  return { used: d.tf.tf.getBackend(), trainLoss: h.trainLoss, valLoss: h.valLoss, test: h.test };
`;

/**
 * Adam and AdamW in a wasm arena (the SIMD kernel, which in Chromium gets √v/√(1 − β₂ᵗ) from relaxed
 * SIMD's fused multiply-add) against the rule's own loop on plain arrays, in one engine: every bit.
 */
const ARENA = `
  const n = 4097, steps = 30, out = { quotient: null, runs: 0, firstDifference: null };
  const configs = [{ lr: 1e-2 }, { lr: 1e-3, amsgrad: true, weightDecay: 0.1, maximize: true }, { lr: 1e-2, eps: 0, betas: [0.5, 0.99] }];
  for (const [k, opts] of configs.entries()) {
    for (const make of [d.optim.adam, d.optim.adamw]) {
      const arena = d.wasmArena(8 * n);
      out.quotient = arena.quotient;
      const start = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + k) * 2 ** ((i % 40) - 20));
      const sides = [arena.from(start), start.slice()].map((x) => ({ x, g: arena.alloc(n), opt: make({ ...opts, checkFinite: false }) }));
      sides[1].g = new Float64Array(n);
      for (const side of sides) side.state = side.opt.init(side.x);
      if (sides[0].state.buffers.expAvg.buffer !== sides[0].x.buffer || sides[1].state.buffers.expAvg.buffer === sides[0].x.buffer) throw new Error("arena placement");
      for (let t = 0; t < steps; t++) {
        for (const side of sides) {
          for (let i = 0; i < n; i++) side.g[i] = Math.cos(i * 0.11 + t) * 2 ** ((i % 60) - 30) + side.x[i] * 1e-3;
          side.opt.step(side.x, side.g, side.state);
        }
      }
      const bits = (a) => new BigUint64Array(Float64Array.from(a).buffer);
      const [a, b] = [bits(sides[0].x), bits(sides[1].x)];
      for (let i = 0; i < n && out.firstDifference === null; i++) if (a[i] !== b[i]) out.firstDifference = { config: k, i, arena: sides[0].x[i], loop: sides[1].x[i] };
      out.runs += 1;
    }
  }
  return out;
`;

/** What the page checks beyond the experiment (async: fetch, tfjs backends). */
const PAGE = `
import * as d from "./assets/descent.js";
const experiment = new Function("d", ${JSON.stringify(EXPERIMENT)});
const training = new (async () => {}).constructor("d", "backend", ${JSON.stringify(TRAINING)});
const arena = new Function("d", ${JSON.stringify(ARENA)});
window.descentTest = {
  experiment: () => experiment(d),
  arena: () => arena(d),
  training: (backend = "wasm") => training(d, backend),
  async digits() {
    const g = await d.data.loadDigits({ seed: 3, validationFraction: 0.1 });
    return { xTrain: Array.from(g.xTrain), yTrain: Array.from(g.yTrain), testRows: Array.from(g.testRows), valRows: Array.from(g.valRows), file: g.file };
  },
  async fashion() {
    const f = await d.data.loadFashionMnist({ seed: 0, validationFraction: 0.1 });
    const sum = (a) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
    return { n: [f.xTrain.length, f.yTrain.length, f.xVal.length, f.xTest.length], sums: [sum(f.xTrain), sum(f.xVal), sum(f.xTest), sum(f.yTrain)],
      yVal: Array.from(f.yVal), classNames: f.classNames };
  },
  async missingFile() {
    try { await d.data.loadDigits({ file: "data/no-such.csv" }); return "no error"; } catch (e) { return e.message; }
  },
  async tfOn(backend) {
    const report = await d.tf.ready(backend === undefined ? {} : { backend });
    const tf = d.tf.tf;
    const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
    return { report, used: tf.getBackend(), values: Array.from(await y.data()), describe: d.tf.describe() };
  },
  async tfError(options) {
    try { await d.tf.ready(options); return "no error"; } catch (e) { return e.message; }
  },
  worker() {
    return new Promise((resolve, reject) => {
      const w = new Worker("./worker.js", { type: "module" });
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => reject(new Error(e.message));
    });
  },
};
window.descentReady = true;
`;

/** The browser edition's arrangement: the library in a module worker, told the site root and the page's settings. */
const WORKER = `
import * as d from "./assets/descent.js";
d.configureBrowser({ baseUrl: new URL("./", self.location.href).href, settings: { DESCENT_BACKEND: "wasm" } });
const report = await d.tf.ready();
const g = await d.data.loadDigits({ seed: 0 });
const t = d.run(d.optim.adam({ lr: 0.05 }), d.problems.rosenbrock(), { x0: [-1.5, 2], steps: 100 });
self.postMessage({ report, describe: d.tf.describe(), nTest: g.yTest.length, last: t.loss[100], native: d.nativeKernels() });
`;

let bundle = "";
let metafile: { inputs: Record<string, unknown>; outputs: Record<string, { imports: { path: string; external?: boolean }[]; exports?: string[] }> };
let server: http.Server;
let origin = "";
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function serve(): Promise<string> {
  const files: ServedFiles = {
    "/favicon.ico": { body: () => "", type: "image/x-icon" },
    "/index.html": { body: () => `<!doctype html><meta charset="utf-8"><title>bundle</title><script type="module" src="./page.js"></script>`, type: "text/html" },
    "/page.js": { body: () => PAGE, type: "text/javascript" },
    "/worker.js": { body: () => WORKER, type: "text/javascript" },
    "/assets/descent.js": { body: () => bundle, type: "text/javascript" },
    "/data/digits/digits.csv": { body: () => fs.readFileSync(path.join(root, "data/digits.csv")), type: "text/csv" },
  };
  // The four gzip'd IDX files, served as the site serves them (Debian's dataset-fashion-mnist must be installed: setup does it).
  for (const f of fs.readdirSync(fashionDir).filter((n) => n.endsWith(".gz"))) {
    files[`/data/fashion-mnist/${f}`] = { body: () => fs.readFileSync(path.join(fashionDir, f)), type: "application/gzip" };
  }
  Object.assign(files, tfjsWasmFiles());
  const served = await serveFiles(files);
  server = served.server;
  return served.origin;
}

// The 404s this test asks for on purpose are not errors of the library.
const openPage = (query = ""): Promise<Page> => openReadyPage(browser, `${origin}/index.html${query}`, pageErrors, /\/(no-such\.csv|nowhere\/)/);

const call = <T>(p: Page, expression: string): Promise<T> => p.evaluate(expression) as Promise<T>;

type Fit = { used: string; trainLoss: number[]; valLoss: number[]; test: { loss: number; accuracy: number } };
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (d: unknown, backend: string) => Promise<Fit>;
const trainInNode = (backend: string): Promise<Fit> => new AsyncFunction("d", "backend", TRAINING)(d, backend);

beforeAll(async () => {
  const result = await bundleLibrary();
  bundle = result.text;
  metafile = result.metafile as typeof metafile;
  origin = await serve();
  // Chromium must be here (Debian's `chromium`): a missing browser fails this test instead of skipping it.
  browser = await launchChromium();
  page = await openPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe("src/browser.ts bundles for the browser", () => {
  it("pulls in no Node built-in (and the same check fails on the Node entry)", async () => {
    const imported = Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imported).toEqual([]);
    expect(Object.keys(metafile.inputs).filter((f) => NODE_BUILTINS.test(f))).toEqual([]);
    expect(Object.keys(metafile.inputs)).toContain("src/platform/browser.ts");
    expect(Object.keys(metafile.inputs).filter((f) => /^src\/(platform\/node|tf\/probes-node|optim\/accelerated\/(node|native))/.test(f))).toEqual([]);
    // The browser entry exports the Node entry's d.*, plus configureBrowser.
    const exported = Object.values(metafile.outputs).flatMap((o) => o.exports ?? []);
    expect(exported.sort()).toEqual([...Object.keys(d), "configureBrowser"].sort());
    // The control: the Node entry cannot be bundled for the browser, and esbuild names the built-in.
    const node = build({ entryPoints: [path.join(root, "src/index.ts")], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
    await expect(node).rejects.toThrow(/"(fs|path|zlib|crypto)"/);
  }, 60_000);
});

describe("the bundle in headless Chromium", () => {
  it("computes the same float64 numbers as Node: bit for bit in arithmetic, to 1e-12 through exp/pow/log; the same figure", async () => {
    type Runs = Record<string, number[]>;
    type Result = { exact: Runs; transcendental: Runs; figure: unknown };
    const inPage = await call<Result>(page, "window.descentTest.experiment()");
    const inNode = new Function("d", EXPERIMENT)(d) as Result;
    for (const group of ["exact", "transcendental"] as const) {
      expect(Object.keys(inPage[group])).toEqual(Object.keys(inNode[group]));
      for (const name of Object.keys(inNode[group])) {
        const node = inNode[group][name];
        const web = inPage[group][name];
        expect(node.every(Number.isFinite), name).toBe(true);
        // toEqual on numbers is Object.is: exact, -0 included.
        if (group === "exact") expect(web, name).toEqual(node);
        else {
          const worst = Math.max(...node.map((v, i) => Math.abs(web[i] - v) / Math.max(Math.abs(v), 1e-300)));
          expect(worst, name).toBeLessThan(1e-12);
        }
      }
    }
    // The engines do differ here (else the split above would be moot): at least one transcendental run is not bit-identical.
    const differs = Object.keys(inNode.transcendental).filter((n) => inNode.transcendental[n].some((v, i) => !Object.is(v, inPage.transcendental[n][i])));
    expect(differs.length).toBeGreaterThan(0);
    expect(inPage.figure).toEqual(inNode.figure);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("runs Adam's SIMD kernel in a wasm arena with the fused quotient, bit-identical to the rule's loop (as Node does)", async () => {
    type ArenaRun = { quotient: string | null; runs: number; firstDifference: unknown };
    const inPage = await call<ArenaRun>(page, "window.descentTest.arena()");
    const inNode = new Function("d", ARENA)(d) as ArenaRun;
    // Chromium has shipped relaxed SIMD since 114; on an x86-64 CPU with FMA (or any ARM64) madd is fused.
    expect(inPage).toEqual({ quotient: "fused", runs: 6, firstDifference: null });
    expect(inNode).toEqual({ quotient: "fused", runs: 6, firstDifference: null });
  }, 60_000);

  it("loads the digits over fetch, the same split as Node; a missing file is named", async () => {
    const inPage = await call<{ xTrain: number[]; yTrain: number[]; testRows: number[]; valRows: number[]; file: string }>(page, "window.descentTest.digits()");
    const inNode = await d.data.loadDigits({ seed: 3, validationFraction: 0.1 });
    expect(inPage.testRows).toEqual(Array.from(inNode.testRows));
    expect(inPage.valRows).toEqual(Array.from(inNode.valRows));
    expect(inPage.yTrain).toEqual(Array.from(inNode.yTrain));
    expect(inPage.xTrain).toEqual(Array.from(inNode.xTrain));
    expect(inPage.file).toBe("data/digits.csv");
    expect(await call<string>(page, "window.descentTest.missingFile()")).toBe("loadDigits: data file not found: data/no-such.csv");
  }, 60_000);

  it("loads Fashion-MNIST from the site (fetch + DecompressionStream gunzip), the same arrays as Node", async () => {
    type Fashion = { n: number[]; sums: number[]; yVal: number[]; classNames: string[] };
    const inPage = await call<Fashion>(page, "window.descentTest.fashion()");
    const f = await d.data.loadFashionMnist({ seed: 0, validationFraction: 0.1 });
    const sum = (a: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s;
    };
    expect(inPage.n).toEqual([54_000 * 784, 54_000, 6_000 * 784, 10_000 * 784]);
    expect(inPage.sums).toEqual([sum(f.xTrain), sum(f.xVal), sum(f.xTest), sum(f.yTrain)]);
    expect(inPage.yVal).toEqual(Array.from(f.yVal));
    expect(inPage.classNames).toEqual(f.classNames);
  }, 180_000);

  it("runs tfjs on cpu and on wasm from the served binaries", async () => {
    type TfResult = { report: { backend: string; reasons: Record<string, string>; forced: boolean }; used: string; values: number[]; describe: string };
    const cpu = await call<TfResult>(page, `window.descentTest.tfOn("cpu")`);
    expect(cpu.report).toEqual({ backend: "cpu", reasons: {}, forced: true });
    expect(cpu.used).toBe("cpu");
    expect(cpu.values).toEqual([17, 39]);
    const wasm = await call<TfResult>(page, `window.descentTest.tfOn("wasm")`);
    expect(wasm.used).toBe("wasm");
    expect(wasm.values).toEqual([17, 39]);
    // Not cross-origin isolated here, so SIMD on one thread.
    expect(wasm.describe).toMatch(/^tfjs 4\.\d+\.\d+ on wasm \(SIMD, 1 thread\), forced by request$/);
    expect(await call<string>(page, `window.descentTest.tfError({ backend: "tpu" })`)).toBe(
      "tf.ready: parameter 'backend' must be one of webgpu, webgl, wasm, cpu, got tpu",
    );
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("trains with d.train.fit on wasm as in Node (no Node global on the way: setImmediate, process, Buffer)", async () => {
    const inPage = await call<Fit>(page, "window.descentTest.training()");
    const inNode = await trainInNode("wasm");
    expect(inPage.trainLoss.length).toBe(3);
    // float32 on the same wasm binary; the JS glue differs only in exp/log rounding, so a tolerance, stated.
    for (const key of ["trainLoss", "valLoss"] as const) {
      inNode[key].forEach((v, i) => expect(Math.abs(inPage[key][i] - v) / v, `${key}[${i}]`).toBeLessThan(1e-5));
    }
    expect(inPage.test.accuracy).toBeCloseTo(inNode.test.accuracy, 6);
    expect(inPage.trainLoss[2]).toBeLessThan(inPage.trainLoss[0]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("picks the best usable backend itself and says why each better one was skipped: webgl here, webgpu with the WebGPU flags", async () => {
    type TfResult = { report: { backend: string; reasons: Record<string, string>; forced: boolean }; used: string; values: number[]; describe: string };
    // Default flags: Chromium's WebGPU finds no adapter here, WebGL2 runs on SwiftShader.
    const plain = await openPage();
    const r = await call<TfResult>(plain, "window.descentTest.tfOn()");
    expect(r.report.backend).toBe("webgl");
    expect(r.used).toBe("webgl");
    expect(r.values).toEqual([17, 39]);
    expect(Object.keys(r.report.reasons)).toEqual(["webgpu"]);
    expect(r.report.reasons.webgpu).toMatch(/^(no WebGPU: .+|WebGPU found no adapter .+)$/);
    expect(r.describe).toMatch(/^tfjs 4\.\d+\.\d+ on webgl \(WebGL 2\), best usable; skipped webgpu: /);
    // With STACK.md's WebGPU flags on an http://127.0.0.1 page (a secure context) the adapter is SwiftShader's.
    const gpuBrowser = await launchChromium(WEBGPU_ARGS);
    try {
      const p = await gpuBrowser.newPage();
      await p.goto(`${origin}/index.html`);
      await p.waitForFunction(() => (window as unknown as { descentReady?: boolean }).descentReady === true, undefined, { timeout: 60_000 });
      const g = await call<TfResult>(p, "window.descentTest.tfOn()");
      expect(g.report).toEqual({ backend: "webgpu", reasons: {}, forced: false });
      expect(g.used).toBe("webgpu");
      expect(g.values).toEqual([17, 39]);
      // d.train.fit trains there too (it once read a 0 loss through webgpu's dataSync/AddN, then failed an upload):
      // float32 on another device, so wasm's losses to a stated tolerance.
      const onGpu = await call<Fit>(p, `window.descentTest.training("webgpu")`);
      const onWasm = await trainInNode("wasm");
      expect(onGpu.used).toBe("webgpu");
      for (const key of ["trainLoss", "valLoss"] as const) {
        onWasm[key].forEach((v, i) => expect(Math.abs(onGpu[key][i] - v) / v, `webgpu ${key}[${i}]`).toBeLessThan(1e-4));
      }
    } finally {
      await gpuBrowser.close();
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("reads ?backend= as DESCENT_BACKEND; a bad value names the query parameter", async () => {
    const forced = await openPage("?backend=cpu");
    const r = await call<{ report: { backend: string; forced: boolean } }>(forced, "window.descentTest.tfOn()");
    expect(r.report).toMatchObject({ backend: "cpu", forced: true });
    const bad = await openPage("?backend=gpu");
    expect(await call<string>(bad, "window.descentTest.tfError({})")).toBe(
      "tf.ready: query parameter ?backend= must be one of webgpu, webgl, wasm, cpu, got gpu",
    );
    // A wasm path that serves nothing: forcing wasm fails with the reason, not with tfjs's silent `false`.
    await bad.evaluate(`import("${origin}/assets/descent.js").then((d) => d.configureBrowser({ wasmPath: "${origin}/nowhere/" }))`);
    expect(await call<string>(bad, `window.descentTest.tfError({ backend: "wasm" })`)).toBe(
      `tf.ready: backend 'wasm' was asked for but is not usable here: tfjs's wasm binaries are not served at ${origin}/nowhere/tfjs-backend-wasm.wasm (HTTP 404)`,
    );
  }, 120_000);

  it("works in a module Web Worker configured with the site root and the page's settings", async () => {
    type WorkerResult = { report: { backend: string; forced: boolean }; describe: string; nTest: number; last: number; native: { available: boolean; reason: string } };
    const w = await call<WorkerResult>(page, "window.descentTest.worker()");
    expect(w.report).toMatchObject({ backend: "wasm", forced: true });
    expect(w.native).toMatchObject({ available: false, reason: expect.stringMatching(/browser runs no native code/) });
    expect(w.nTest).toBe(359);
    const t = d.run(d.optim.adam({ lr: 0.05 }), d.problems.rosenbrock(), { x0: [-1.5, 2], steps: 100 });
    expect(w.last).toBe(t.loss[100]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
