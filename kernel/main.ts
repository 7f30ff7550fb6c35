/** Entry of the Descent kernel, a program beside the library (started by kernel-setup/descent-kernel.js with a connection file). */
import * as fs from "fs";
import * as path from "path";
import { createEngine } from "./engine";
import { ensureProjectBuild } from "./project-build";
import type { ProjectBuild } from "./project-build";
import { installCompilerView, installRuntimeView } from "./project-view";
import { KernelServer } from "./server";
import type { ConnectionInfo } from "./wire";

export interface KernelOptions {
  connectionFile: string;
  rootDir: string;
  /** A real `import()` from a CommonJS file, for ESM packages that `require` cannot load. */
  nativeImport?: (specifier: string) => Promise<unknown>;
}

/**
 * Notebooks load src/ from a cached build (compiled again when src/ changed). When src/ has type
 * errors, tslab compiles src/ itself as before, so cells report the error with its file and line.
 */
function useProjectBuild(rootDir: string, log: (text: string) => void): ProjectBuild | undefined {
  if (process.env.DESCENT_SRC_BUILD === "0") return undefined;
  try {
    const ts = require("@tslab/typescript-for-tslab");
    const outcome = ensureProjectBuild(rootDir, ts, (line) => log(line + "\n"));
    if (outcome.status === "error") {
      log(`src/ has type errors, notebooks compile it themselves (slower): ${outcome.message}\n`);
      return undefined;
    }
    if (outcome.rebuilt) log(`src/ compiled in ${(outcome.ms / 1000).toFixed(1)} s\n`);
    installCompilerView(ts, outcome.build);
    installRuntimeView(outcome.build);
    return outcome.build;
  } catch (e) {
    log(`could not build src/ for notebooks, they compile it themselves: ${e instanceof Error ? e.message : e}\n`);
    return undefined;
  }
}

export function startKernel(options: KernelOptions): void {
  if (!options.connectionFile || !fs.existsSync(options.connectionFile)) {
    throw new Error(`startKernel: parameter 'connectionFile' must be an existing file, got ${options.connectionFile}`);
  }
  const connection = JSON.parse(fs.readFileSync(options.connectionFile, "utf8")) as ConnectionInfo;
  if (connection.signature_scheme && connection.signature_scheme !== "hmac-sha256") {
    throw new Error(`startKernel: parameter 'signature_scheme' must be "hmac-sha256", got ${connection.signature_scheme}`);
  }
  process.chdir(options.rootDir);
  const terminal = process.stderr.write.bind(process.stderr);
  const log = (text: string) => void terminal(`[descent] ${text}`);
  const build = useProjectBuild(options.rootDir, log);
  const engine = createEngine(options.rootDir, options.nativeImport, build);
  const version = JSON.parse(fs.readFileSync(path.join(options.rootDir, "package.json"), "utf8")).version as string;
  const server = new KernelServer({ connection, engine, version, log, onShutdown: () => process.exit(0) });
  server.installOutputHooks();
  // SIGINT stops synchronous code through vm's breakOnSigint; this listener handles awaited code.
  process.on("SIGINT", () => engine.interrupt());
  process.on("uncaughtException", (err) => server.reportBackground("Uncaught exception", err));
  process.on("unhandledRejection", (reason) => server.reportBackground("Unhandled promise rejection", reason));
  // A kernel whose client died (killed runner, crashed test) would otherwise live on forever.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 2000).unref();
  server.start(require("zeromq")).catch((e: unknown) => {
    log(`could not bind the kernel's sockets: ${e}\n`);
    process.exit(1);
  });
}
