/**
 * What the library needs from the machine it runs on, behind one small interface with a Node twin
 * (node.ts: files, zlib, environment variables, Node's tfjs backends, plotly.js from node_modules) and
 * a browser twin (browser.ts: fetch from the site, DecompressionStream, the page's query string, the
 * browser's tfjs backends, the page's Plotly). Library code imports only this file; the entry points
 * (src/index.ts for Node, src/browser.ts for the browser bundle) install the right twin.
 */
import type { BackendName, Probe } from "../tf/select";

export interface Platform {
  name: "node" | "browser";
  /**
   * The bytes of one file of a named data set, as distributed (e.g. gzip-compressed IDX files):
   * Node reads the installed package's folder, the browser fetches `data/<dataset>/<file>` from the site.
   */
  readDataFile(dataset: string, file: string): Promise<Uint8Array>;
  /**
   * A file the user names: a path in Node, a URL (relative to the site) in the browser; null when it
   * does not exist, so the caller can say which of its parameters named it.
   */
  readFile(location: string): Promise<Uint8Array | null>;
  /** gunzip, with the platform's native implementation. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** A user setting such as DESCENT_BACKEND: an environment variable in Node, a query parameter of the page in the browser. */
  setting(name: string): string | undefined;
  /** How a person sets `name` here, for error messages: "environment variable DESCENT_BACKEND", "query parameter ?backend=". */
  settingSource(name: string): string;
  /**
   * plotly.js to inline once into a notebook's outputs (Node: read from node_modules), or null where the
   * page already has `window.Plotly` (the browser edition serves it once for the whole site).
   */
  plotlySource(): { version: string; code: string } | null;
  /** How each tfjs backend is found usable here, or why not (tf.ready tries them best first). */
  tfProbes(): Record<BackendName, Probe>;
}

let current: Platform | null = null;

export function setPlatform(p: Platform): void {
  current = p;
}

export function platform(): Platform {
  if (!current) {
    throw new Error("descent: no platform installed; import the library through src/index.ts (Node) or src/browser.ts (browser bundle)");
  }
  return current;
}

/** The query parameter that stands for a setting in the browser: DESCENT_BACKEND → backend, DESCENT_WASM_MATMUL → wasm-matmul. */
export function queryName(setting: string): string {
  return setting.replace(/^DESCENT_/, "").toLowerCase().replace(/_/g, "-");
}
