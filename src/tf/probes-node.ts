/** How each tfjs backend is found usable (or not) in Node, with a reason a person can act on (the browser twin: probes-browser.ts). */
import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import type { BackendName, Probe, ProbeResult } from "./select";
import { activateBackend as activate } from "./activate";
import { patchWasmBatchMatMul } from "./wasm-matmul";

/** Loads an optional package without making TypeScript (or tslab) resolve it at compile time. */
function optionalRequire(name: string): any {
  return require(name);
}

function missing(name: string, e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(`'${name}'`);
}


/** webgpu through the `webgpu` npm package (Dawn): the fast path on a machine with a Vulkan GPU driver. */
export async function probeWebgpu(): Promise<ProbeResult> {
  let dawn: any;
  try {
    dawn = optionalRequire("webgpu");
  } catch (e) {
    if (!missing("webgpu", e)) return { ok: false, reason: `the 'webgpu' package failed to load: ${(e as Error).message}` };
    return { ok: false, reason: "the 'webgpu' npm package (Dawn) is not installed (npm install webgpu; needs libvulkan1 and a GPU's Vulkan driver)" };
  }
  Object.assign(globalThis, dawn.globals ?? {});
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    return { ok: false, reason: "Dawn found no WebGPU adapter (no Vulkan GPU driver; Debian 12's lavapipe is rejected)" };
  }
  return {
    ok: true,
    activate: async () => {
      exposeNavigatorGpu(gpu);
      // The package registers its factory at load time only when navigator.gpu already exists.
      const backend = optionalRequire("@tensorflow/tfjs-backend-webgpu");
      if (!tf.findBackendFactory("webgpu")) {
        const device = await adapter.requestDevice();
        tf.registerBackend("webgpu", () => new backend.WebGPUBackend(device, adapter.info), 3);
      }
      await activate("webgpu");
    },
  };
}

function exposeNavigatorGpu(gpu: unknown): void {
  const g = globalThis as any;
  if (g.navigator && g.navigator.gpu) return;
  if (g.navigator) Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  else Object.defineProperty(g, "navigator", { value: { gpu }, configurable: true, writable: true });
}

/** webgl through headless-gl (`gl`, built by kernel-setup/setup.sh --webgl); WebGL1 only, needs an X display. */
export async function probeWebgl(): Promise<ProbeResult> {
  let createContext: any;
  try {
    createContext = optionalRequire("gl");
  } catch (e) {
    if (!missing("gl", e)) return { ok: false, reason: `headless-gl ('gl') failed to load: ${(e as Error).message.split("\n")[0]}` };
    return { ok: false, reason: "headless-gl (the 'gl' package) is not installed (bash kernel-setup/setup.sh --webgl builds it)" };
  }
  const gl = createContext(1, 1, { alpha: false, antialias: false, premultipliedAlpha: false, preserveDrawingBuffer: false, depth: false, stencil: false });
  if (!gl) {
    const display = process.env.DISPLAY ? `DISPLAY=${process.env.DISPLAY}` : "DISPLAY is not set";
    return { ok: false, reason: `headless-gl could not create a WebGL context (${display}; run under xvfb-run -a)` };
  }
  return {
    ok: true,
    activate: async () => {
      const webgl = optionalRequire("@tensorflow/tfjs-backend-webgl");
      // The Node build registers no webgl factory (it looks for a browser canvas): hand it our context.
      tf.env().set("WEBGL_VERSION", 1);
      webgl.setWebGLContext(1, gl);
      if (!tf.findBackendFactory("webgl")) {
        tf.registerBackend("webgl", () => new webgl.MathBackendWebGL(new webgl.GPGPUContext(gl)), 2);
      }
      await activate("webgl");
    },
  };
}

let wasmPathsSet = false;

/** wasm, offline: the .wasm binaries are read from node_modules, never fetched. */
export async function probeWasm(): Promise<ProbeResult> {
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== "object") return { ok: false, reason: "this JavaScript runtime has no WebAssembly" };
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  patchWasmBatchMatMul();
  return {
    ok: true,
    activate: async () => {
      if (!wasmPathsSet && tf.engine().registry["wasm"] === undefined) {
        wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep);
        wasmPathsSet = true;
      }
      await activate("wasm");
    },
  };
}

export async function probeCpu(): Promise<ProbeResult> {
  return { ok: true, activate: () => activate("cpu") };
}

export const nodeProbes: Record<BackendName, Probe> = {
  webgpu: probeWebgpu,
  webgl: probeWebgl,
  wasm: probeWasm,
  cpu: probeCpu,
};
