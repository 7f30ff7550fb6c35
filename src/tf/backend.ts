/**
 * The one tfjs instance of the workbook and its backend: best usable first, or the DESCENT_BACKEND
 * setting (an environment variable in Node, `?backend=` in the browser). Which backends exist and how
 * each is probed comes from the platform (tf/probes-node.ts, tf/probes-browser.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { platform } from "../platform";
import { BackendReport, isBackendName, backendOrder, selectBackend } from "./select";

// PROD mode silences tfjs's "install tfjs-node" banner (and the other console chatter of its logger).
tf.enableProdMode();

let current: { request: string | undefined; report: Promise<BackendReport> } | null = null;
let last: BackendReport | null = null;

export interface ReadyOptions {
  /** Force one backend; defaults to the DESCENT_BACKEND setting (environment variable, or `?backend=` in a page), else the best usable. */
  backend?: string;
}

/**
 * Selects the backend (once; again only when a different one is asked for) and resolves to the
 * chosen backend and, for every better one skipped, the reason.
 */
export function ready(options: ReadyOptions = {}): Promise<BackendReport> {
  if (options === null || typeof options !== "object") {
    throw new Error(`tf.ready: parameter 'options' must be an object, got ${String(options)}`);
  }
  const here = platform();
  const fromSetting = here.setting("DESCENT_BACKEND");
  if (options.backend === undefined && fromSetting !== undefined && !isBackendName(fromSetting)) {
    return Promise.reject(
      new Error(`tf.ready: ${here.settingSource("DESCENT_BACKEND")} must be one of ${backendOrder.join(", ")}, got ${fromSetting}`),
    );
  }
  const request = options.backend ?? fromSetting;
  if (current && current.request === request) return current.report;
  const report = selectBackend(here.tfProbes(), request).then((r) => {
    last = r;
    return r;
  });
  current = { request, report };
  // A failed selection must not be cached: the next call probes again.
  report.catch(() => {
    if (current && current.report === report) current = null;
  });
  return report;
}

/** One line on where tensors run: tfjs version, backend and details, and why better ones were skipped. */
export function describe(): string {
  if (!last) return `tfjs ${tf.version.tfjs}: no backend selected yet (await tf.ready())`;
  const skipped = Object.entries(last.reasons).map(([name, why]) => `${name}: ${why}`);
  const how = last.forced ? "forced by request" : "best usable";
  const details = backendDetails(last.backend);
  return (
    `tfjs ${tf.version.tfjs} on ${last.backend}${details ? ` (${details})` : ""}, ${how}` +
    (skipped.length ? `; skipped ${skipped.join("; ")}` : "")
  );
}

function backendDetails(name: string): string {
  if (name === "wasm") {
    const simd = tf.env().getFlags()["WASM_HAS_SIMD_SUPPORT"];
    const threads = tf.env().getFlags()["WASM_HAS_MULTITHREAD_SUPPORT"];
    const parts: string[] = [];
    if (simd !== undefined) parts.push(simd ? "SIMD" : "no SIMD");
    if (threads !== undefined) parts.push(threads ? "threads" : "1 thread");
    return parts.join(", ");
  }
  if (name === "webgl") return `WebGL ${tf.env().get("WEBGL_VERSION")}`;
  return "";
}

/** The report of the last successful selection, or null before tf.ready(). */
export function lastReport(): BackendReport | null {
  return last;
}

export { tf };
