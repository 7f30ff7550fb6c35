/**
 * A tiny static server for checking build/site/ the way a static host serves it: under a sub-path
 * (http://127.0.0.1:PORT/<sub>/…), with ordinary content types, no special headers, and a log of every
 * request so tests can prove a page fetched nothing else. 127.0.0.1 is a secure context (WebGPU needs one).
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".gz": "application/gzip",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ipynb": "application/x-ipynb+json",
};

export interface StaticServer {
  /** The site's URL, ending in "/". */
  url: string;
  /** Paths requested so far (relative to the sub-path), with their status. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Serves `dir` at http://127.0.0.1:<free port>/<subPath>/. */
export function serveStatic(dir: string, subPath = "descent/site/"): Promise<StaticServer> {
  const prefix = "/" + subPath.replace(/^\/+|\/+$/g, "") + "/";
  const requests: { path: string; status: number }[] = [];
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8") => {
      requests.push({ path: rel, status });
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-cache" });
      res.end(body);
    };
    if (!rel.startsWith(prefix)) return send(404, "outside the site's sub-path");
    rel = rel.slice(prefix.length);
    const file = path.resolve(root, rel === "" || rel.endsWith("/") ? rel + "index.html" : rel);
    if (!file.startsWith(root + path.sep) && file !== root) return send(403, "forbidden");
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, `not found: ${rel}`);
    send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? "application/octet-stream");
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
