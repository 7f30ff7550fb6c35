/**
 * The browser twin of the platform: data files fetched from the site, gunzip by DecompressionStream,
 * settings from the query string (`?backend=webgl` is DESCENT_BACKEND), the browser's tfjs backends,
 * and plotly.js as the page's own `Plotly` (served once for the whole site, never inlined).
 * Works in a page and in a Web Worker: nothing reads `document` or `location` until it is used.
 */
import { browserProbes } from "../tf/probes-browser";
import { queryName } from "./index";
import type { Platform } from "./index";

export interface BrowserOptions {
  /**
   * Absolute URL of the site root, against which `data/<dataset>/<file>` is fetched (default: the
   * page's base URL, `document.baseURI`, or in a worker the worker script's folder).
   */
  baseUrl?: string;
  /** Absolute URL of the folder with tfjs-backend-wasm's `.wasm` files (default: `<baseUrl>assets/tfjs-wasm/`). */
  wasmPath?: string;
  /**
   * Settings by their Node names, e.g. `{ DESCENT_BACKEND: "wasm" }`; they take precedence over the
   * query string (a worker passes the page's settings here, since its own `location` is its script's).
   */
  settings?: Record<string, string>;
}

const scope = globalThis as unknown as {
  document?: { baseURI?: string };
  location?: { href: string; search: string };
  DecompressionStream?: new (format: "gzip") => { readable: unknown; writable: unknown };
};

/** The site root as a folder URL; a relative `baseUrl` is taken relative to the page (or worker script). */
function siteRoot(baseUrl: string | undefined): string {
  const page = scope.document?.baseURI ?? scope.location?.href;
  const url = baseUrl ?? page;
  if (!url) throw new Error("browser platform: no page URL to resolve data files against; pass { baseUrl } to configureBrowser");
  return folder(new URL(url, page).href);
}

/** A folder URL always ends in "/", so relative names resolve inside it. */
function folder(url: string): string {
  return url.endsWith("/") ? url : url.replace(/[^/]*$/, "");
}

async function fetchBytes(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (e) {
    throw new Error(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function browserPlatform(options: BrowserOptions = {}): Platform {
  const base = () => siteRoot(options.baseUrl);
  const wasmPath = () => folder(new URL(options.wasmPath ?? "assets/tfjs-wasm/", base()).href);
  const probes = browserProbes(wasmPath);
  const platform: Platform = {
    name: "browser",
    async readDataFile(dataset, file) {
      const url = new URL(`data/${encodeURIComponent(dataset)}/${encodeURIComponent(file)}`, base()).href;
      const r = await fetchBytes(url);
      if (!r.ok) throw new Error(`${dataset}: file not found: ${url} (HTTP ${r.status}; the site serves data sets under data/<dataset>/)`);
      return new Uint8Array(await r.arrayBuffer());
    },
    async readFile(location) {
      const r = await fetchBytes(new URL(location, base()).href);
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(`could not fetch ${location}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    },
    async gunzip(bytes) {
      if (!scope.DecompressionStream) throw new Error("gunzip: this browser has no DecompressionStream (Chromium 80+, Firefox 113+, Safari 16.4+)");
      // (casts: the library also compiles without the DOM lib, for notebooks)
      const stream = new Blob([bytes as never]).stream().pipeThrough(new scope.DecompressionStream("gzip") as never);
      return new Uint8Array(await new Response(stream as never).arrayBuffer());
    },
    setting(name) {
      const given = options.settings?.[name];
      if (given !== undefined) return given === "" ? undefined : given;
      const search = scope.location?.search;
      const value = search ? new URLSearchParams(search).get(queryName(name)) : null;
      return value === null || value === "" ? undefined : value;
    },
    settingSource(name) {
      return options.settings?.[name] !== undefined ? `setting ${name}` : `query parameter ?${queryName(name)}=`;
    },
    plotlySource() {
      return null;
    },
    tfProbes() {
      return probes;
    },
  };
  return platform;
}
