#!/usr/bin/env node
// Starts the Descent kernel. Plain JavaScript so that no TypeScript runner sits between Jupyter and
// the kernel (signals for interrupt reach this process directly). The kernel itself lives in
// kernel/*.ts and is transpiled here with tslab's bundled TypeScript, which the kernel loads anyway.
// Of the library it loads only the display hook (src/plot/display-hook.ts), the contract it implements.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const kernelDir = path.join(root, "kernel") + path.sep;
const displayHook = path.join(root, "src", "plot", "display-hook.ts");
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [root] }));

const previous = require.extensions[".ts"];
require.extensions[".ts"] = function loadKernelTs(module, filename) {
  if (!filename.startsWith(kernelDir) && filename !== displayHook) {
    throw new Error("descent-kernel: only kernel/ and src/plot/display-hook.ts are loaded at start-up, got " + filename);
  }
  const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};
let main;
try {
  main = require(path.join(kernelDir, "main.ts"));
} finally {
  // Notebook imports must keep tslab's own resolution, so the hook lives only while the kernel loads.
  if (previous) require.extensions[".ts"] = previous;
  else delete require.extensions[".ts"];
}
// A real dynamic import must be written in a file that Node itself loads (not transpiled to require).
main.startKernel({ connectionFile: process.argv[2], rootDir: root, nativeImport: (specifier) => import(specifier) });
