#!/usr/bin/env node
// Starts the Descent kernel. Plain JavaScript so that no TypeScript runner sits between Jupyter and
// the kernel (signals for interrupt reach this process directly). The kernel itself lives in
// src/kernel/*.ts and is transpiled here with tslab's bundled TypeScript, which the kernel loads anyway.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const kernelDir = path.join(root, "src", "kernel") + path.sep;
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [root] }));

const previous = require.extensions[".ts"];
require.extensions[".ts"] = function loadKernelTs(module, filename) {
  if (!filename.startsWith(kernelDir)) {
    throw new Error("descent-kernel: only src/kernel is loaded at start-up, got " + filename);
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
