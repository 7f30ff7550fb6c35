/**
 * How each tfjs backend is found usable (or not) in a browser page or worker, with a reason a person
 * can act on (the Node twin: probes-node.ts). Nothing here touches `window`/`document` at import time:
 * the browser edition runs cells in a Web Worker, where webgl draws on an OffscreenCanvas.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { activateBackend } from "./activate";
import type { BackendName, Probe, ProbeResult } from "./select";
import { patchWasmBatchMatMul } from "./wasm-matmul";

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

const scope = globalThis as unknown as {
  navigator?: { gpu?: GpuLike };
  isSecureContext?: boolean;
  crossOriginIsolated?: boolean;
  OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown };
  document?: { createElement(tag: "canvas"): { getContext(kind: string): unknown } };
  WebAssembly?: unknown;
};

export async function probeWebgpu(): Promise<ProbeResult> {
  const gpu = scope.navigator?.gpu;
  if (!gpu) {
    const why = scope.isSecureContext === false
      ? "the page is not a secure context (serve it over https or from localhost)"
      : "this browser does not expose navigator.gpu (Chromium 113+ has it; elsewhere it may need a flag)";
    return { ok: false, reason: `no WebGPU: ${why}` };
  }
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return { ok: false, reason: "WebGPU found no adapter (no usable GPU, or the browser blocklists this GPU or driver)" };
  return {
    ok: true,
    activate: async () => {
      if (!tf.findBackendFactory("webgpu")) throw new Error("tfjs-backend-webgpu registered no factory (navigator.gpu appeared after it loaded)");
      await activateBackend("webgpu");
    },
  };
}

function canvas(): { getContext(kind: string): unknown } | null {
  if (scope.OffscreenCanvas) return new scope.OffscreenCanvas(1, 1);
  return scope.document ? scope.document.createElement("canvas") : null;
}

export async function probeWebgl(): Promise<ProbeResult> {
  const c = canvas();
  if (!c) return { ok: false, reason: "no canvas here (neither OffscreenCanvas nor a document)" };
  const version = c.getContext("webgl2") ? 2 : canvas()?.getContext("webgl") ? 1 : 0;
  if (version === 0) {
    return { ok: false, reason: "the browser gives no WebGL context (hardware acceleration is off, or the GPU is blocklisted)" };
  }
  return {
    ok: true,
    activate: async () => {
      tf.env().set("WEBGL_VERSION", version);
      await activateBackend("webgl");
    },
  };
}

/** wasm from the site: `<wasmPath>tfjs-backend-wasm*.wasm`; SIMD when the browser has it, threads when the page is cross-origin isolated. */
export function wasmProbe(wasmPath: () => string): Probe {
  let pathSet = false;
  return async () => {
    if (typeof scope.WebAssembly !== "object") return { ok: false, reason: "this browser has no WebAssembly" };
    const prefix = wasmPath();
    const probeUrl = `${prefix}tfjs-backend-wasm.wasm`;
    let status: string;
    try {
      const r = await fetch(probeUrl, { method: "HEAD" });
      status = r.ok ? "" : `HTTP ${r.status}`;
    } catch (e) {
      status = e instanceof Error ? e.message : String(e);
    }
    if (status) return { ok: false, reason: `tfjs's wasm binaries are not served at ${probeUrl} (${status})` };
    patchWasmBatchMatMul();
    return {
      ok: true,
      activate: async () => {
        if (!pathSet && tf.engine().registry["wasm"] === undefined) {
          setWasmPaths(prefix);
          pathSet = true;
        }
        await activateBackend("wasm");
      },
    };
  };
}

export async function probeCpu(): Promise<ProbeResult> {
  return { ok: true, activate: () => activateBackend("cpu") };
}

export function browserProbes(wasmPath: () => string): Record<BackendName, Probe> {
  return { webgpu: probeWebgpu, webgl: probeWebgl, wasm: wasmProbe(wasmPath), cpu: probeCpu };
}
