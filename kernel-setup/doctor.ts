/**
 * npm run doctor: versions (node, tslab, jupyter, nbclient, tfjs), the kernelspec, the native float64
 * kernels, which tfjs backends work here and why the others do not, and a run of kernel-setup/smoke.ipynb.
 * Exits non-zero with a one-line cause when something is broken.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureProjectBuild } from "../kernel/project-build";
import { nativeKernels } from "../src/optim/accelerated/native/native-kernels";
import { executeNotebook, formatFailure, JUPYTER_DATA_DIR, jupyterEnv, PROJECT_ROOT } from "../tools/lib/execute";

const PYTHON = "/usr/bin/python3";

function fail(cause: string): never {
  console.error(`doctor: BROKEN — ${cause}`);
  process.exit(1);
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return fail(`npm package ${name} is not installed (run: bash kernel-setup/setup.sh)`);
  }
}

function python(code: string): string {
  const r = spawnSync(PYTHON, ["-c", code], { encoding: "utf8", env: jupyterEnv() });
  return r.status === 0 ? r.stdout.trim() : "";
}

async function main(): Promise<void> {
  console.log(`node       ${process.version}`);
  console.log(`tslab      ${packageVersion("tslab")} (TypeScript ${packageVersion("@tslab/typescript-for-tslab")})`);
  console.log(`tfjs       ${packageVersion("@tensorflow/tfjs")}`);
  if (!fs.existsSync(PYTHON)) fail(`${PYTHON} is missing (run: bash kernel-setup/setup.sh as root)`);
  const versions = python("import jupyter_client, nbclient, nbformat; print(jupyter_client.__version__, nbclient.__version__, nbformat.__version__)");
  if (!versions) fail("Debian's jupyter-client/python3-nbclient are not importable (run: bash kernel-setup/setup.sh)");
  const [client, nbclient, nbformat] = versions.split(" ");
  console.log(`jupyter    jupyter_client ${client}, nbclient ${nbclient}, nbformat ${nbformat}`);
  const specPath = python("from jupyter_client.kernelspec import KernelSpecManager as K; print(K().find_kernel_specs().get('descent', ''))");
  if (!specPath) fail(`kernelspec 'descent' not found under ${JUPYTER_DATA_DIR} (run: bash kernel-setup/setup.sh)`);
  console.log(`kernelspec descent → ${specPath}/kernel.json (JUPYTER_PATH=${JUPYTER_DATA_DIR})`);

  // The build the kernel gives notebooks; a type error there is not fatal (cells then compile src/ themselves).
  const build = ensureProjectBuild(PROJECT_ROOT, require("@tslab/typescript-for-tslab"));
  const took = `${(build.ms / 1000).toFixed(1)} s`;
  if (build.status === "ok") console.log(`src build  ${path.relative(PROJECT_ROOT, path.dirname(build.build.jsDir))} (${build.rebuilt ? `compiled now, ${took}` : "up to date"})`);
  else console.log(`src build  none: type errors, notebooks compile src/ themselves (slower): ${build.message}`);

  // Not fatal: without them the JS loop and the wasm arena run the same arithmetic, slower.
  const native = nativeKernels();
  console.log(`native     ${native.available ? `${native.isa}, ${path.relative(PROJECT_ROOT, native.file!)}` : `not in use: ${native.reason}`}`);

  // Backend probing loads tfjs; it runs in a child so that a crashing backend cannot take doctor down.
  const probe = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "-e",
    'import("./src").then(async (m) => { const d = m.tf ? m : m.default; await d.tf.ready(); console.log(d.tf.describe()); }).catch((e) => { console.log("tfjs: " + e.message); process.exit(1); })'],
  { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 120_000 });
  const backendLine = (probe.stdout || probe.stderr || "").trim().split("\n").filter(Boolean).join("\n           ");
  console.log(`tfjs       ${backendLine || "no report"}`);
  if (probe.status !== 0) fail(`tfjs could not select a backend: ${backendLine.split("\n")[0]}`);

  const smoke = path.join(PROJECT_ROOT, "kernel-setup", "smoke.ipynb");
  const out = path.join(os.tmpdir(), `descent-smoke-${process.pid}.ipynb`);
  const result = await executeNotebook(smoke, { outputPath: out, cellTimeoutSec: 120 });
  fs.rmSync(out, { force: true });
  if (!result.ok) fail(`smoke notebook: ${formatFailure("smoke.ipynb", result.failure!)}`);
  console.log(`smoke      kernel-setup/smoke.ipynb ran ${result.cells.length} cells in ${(result.durationMs / 1000).toFixed(1)} s`);
  console.log("doctor: OK");
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
