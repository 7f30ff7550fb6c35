/**
 * Descent in the browser: the same library as src/index.ts (everything in library.ts), with the browser
 * platform installed (data fetched from the site, `?backend=` settings, the browser's tfjs backends) and
 * the browser's optimizer accelerators registered (wasm SIMD, no native code). Bundle it with esbuild
 * (`--bundle --platform=browser --format=esm`); see ARCHITECTURE.md and tests/browser-bundle.test.ts.
 * A page or worker whose site root is not its own folder calls `configureBrowser({ baseUrl, wasmPath, settings })`
 * before loading data or calling `tf.ready()`.
 */
import { setPlatform } from "./platform";
import { browserPlatform } from "./platform/browser";
import type { BrowserOptions } from "./platform/browser";
import { installBrowserAccelerators } from "./optim/accelerated/browser";

setPlatform(browserPlatform());
installBrowserAccelerators();

/** Points data files, the tfjs wasm binaries and settings somewhere other than the defaults (see BrowserOptions). */
export function configureBrowser(options: BrowserOptions = {}): void {
  if (options === null || typeof options !== "object") {
    throw new Error(`configureBrowser: parameter 'options' must be an object, got ${String(options)}`);
  }
  for (const key of ["baseUrl", "wasmPath"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "string" || v === "")) {
      throw new Error(`configureBrowser: parameter '${key}' must be a non-empty URL string, got ${JSON.stringify(v)}`);
    }
  }
  setPlatform(browserPlatform(options));
}
export type { BrowserOptions };

export * from "./library";
// The same helpers as the Node entry: d.nativeKernels() says why no native code runs here; d.wasmArena.
export { nativeKernels, wasmArena } from "./optim/accelerated/browser";
export type { NativeKernelsStatus, Arena } from "./optim/accelerated/browser";
