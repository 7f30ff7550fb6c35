import { describe, it, expect, vi, afterEach } from "vitest";
import { tf } from "../src";
import type { BackendName, ProbeResult } from "../src/tf";
// Backend choice with fake probes: the order and the reasons, without tfjs (internal, not on d.tf).
import { selectBackend } from "../src/tf/select";

const usable = (log: string[], name: string): (() => Promise<ProbeResult>) => async () => ({
  ok: true,
  activate: async () => {
    log.push(name);
  },
});
const unusable = (reason: string): (() => Promise<ProbeResult>) => async () => ({ ok: false, reason });

describe("backend selection order (fake probes)", () => {
  it("takes the best usable backend and says why better ones were skipped", async () => {
    const log: string[] = [];
    const r = await selectBackend({
      webgpu: unusable("no adapter"),
      webgl: async () => {
        throw new Error("gl exploded\nstack");
      },
      wasm: usable(log, "wasm"),
      cpu: usable(log, "cpu"),
    });
    expect(r).toEqual({ backend: "wasm", reasons: { webgpu: "no adapter", webgl: "gl exploded" }, forced: false });
    expect(log).toEqual(["wasm"]);
  });

  it("prefers webgpu when it has an adapter", async () => {
    const log: string[] = [];
    const all = Object.fromEntries(tf.backendOrder.map((n) => [n, usable(log, n)])) as Record<BackendName, () => Promise<ProbeResult>>;
    expect((await selectBackend(all)).backend).toBe("webgpu");
    expect(log).toEqual(["webgpu"]);
  });

  it("falls through when activation fails, and fails loudly for a forced backend", async () => {
    const log: string[] = [];
    const probes = {
      webgpu: unusable("a"),
      webgl: async (): Promise<ProbeResult> => ({ ok: true, activate: async () => Promise.reject(new Error("no float textures")) }),
      wasm: unusable("b"),
      cpu: usable(log, "cpu"),
    };
    const r = await selectBackend(probes);
    expect(r.backend).toBe("cpu");
    expect(r.reasons.webgl).toBe("initialization failed: no float textures");
    await expect(selectBackend(probes, "wasm")).rejects.toThrow("tf.ready: backend 'wasm' was asked for but is not usable here: b");
    await expect(selectBackend(probes, "tpu")).rejects.toThrow(
      "tf.ready: parameter 'backend' must be one of webgpu, webgl, wasm, cpu, got tpu",
    );
  });
});

describe("real backends in Node", () => {
  afterEach(() => {
    delete process.env.DESCENT_BACKEND;
    vi.restoreAllMocks();
  });

  it("cpu computes, without the tfjs Node banner", async () => {
    const warn = vi.spyOn(console, "warn");
    const log = vi.spyOn(console, "log");
    const r = await tf.ready({ backend: "cpu" });
    expect(r).toEqual({ backend: "cpu", reasons: {}, forced: true });
    expect(tf.tf.getBackend()).toBe("cpu");
    const y = tf.tf.matMul(tf.tf.tensor2d([[1, 2], [3, 4]]), tf.tf.tensor2d([[5], [6]]));
    expect(Array.from(y.dataSync())).toEqual([17, 39]);
    const said = [...warn.mock.calls, ...log.mock.calls].map((c) => c.join(" ")).join("\n");
    expect(said).not.toMatch(/looks like you are running TensorFlow\.js in Node/);
  });

  it("wasm loads offline from node_modules and computes", async () => {
    const r = await tf.ready({ backend: "wasm" });
    expect(r.backend).toBe("wasm");
    expect(tf.tf.getBackend()).toBe("wasm");
    const y = tf.tf.matMul(tf.tf.tensor2d([[1, 2], [3, 4]]), tf.tf.tensor2d([[5], [6]]));
    expect(Array.from(y.dataSync())).toEqual([17, 39]);
    expect(tf.describe()).toMatch(/^tfjs 4\.\d+\.\d+ on wasm \(SIMD/);
  });

  it("DESCENT_BACKEND forces a backend; a bad value names the variable", async () => {
    process.env.DESCENT_BACKEND = "cpu";
    expect((await tf.ready()).backend).toBe("cpu");
    process.env.DESCENT_BACKEND = "gpu";
    await expect(tf.ready()).rejects.toThrow("tf.ready: environment variable DESCENT_BACKEND must be one of webgpu, webgl, wasm, cpu, got gpu");
  });

  it("the default picks the best usable backend here and explains every skipped one", async () => {
    const r = await tf.ready();
    const skipped = tf.backendOrder.slice(0, tf.backendOrder.indexOf(r.backend));
    expect(Object.keys(r.reasons)).toEqual(skipped);
    for (const name of skipped) expect(r.reasons[name]).toMatch(/\w{8}/);
    expect(["webgpu", "webgl", "wasm"]).toContain(r.backend);
    expect(tf.describe()).toContain(`on ${r.backend}`);
  });

  it("a forced unusable backend fails with its reason", async () => {
    const reasons = (await tf.ready()).reasons;
    if (reasons.webgpu) await expect(tf.ready({ backend: "webgpu" })).rejects.toThrow(reasons.webgpu);
  });
});
