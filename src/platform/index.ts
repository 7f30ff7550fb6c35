/**
 * What the library needs from the machine it runs on, behind one small interface with a Node twin
 * (node.ts: files, zlib, environment variables) and a browser twin (browser.ts: fetch from the site,
 * DecompressionStream, the page's query string). Library code imports only this file; the entry points
 * (src/index.ts for Node, src/browser.ts for the browser bundle) install the right twin.
 */
export interface Platform {
  name: "node" | "browser";
  /**
   * The bytes of one file of a named data set, as distributed (e.g. gzip-compressed IDX files):
   * Node reads the installed package's folder, the browser fetches `data/<dataset>/<file>` from the site.
   */
  readDataFile(dataset: string, file: string): Promise<Uint8Array>;
  /** gunzip, with the platform's native implementation. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** A user setting: an environment variable in Node, a query parameter of the page in the browser. */
  setting(name: string): string | undefined;
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
