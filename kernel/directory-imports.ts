/**
 * Directory imports for tslab: `import * as d from "./src"` must load `src/index.ts`.
 *
 * tslab looks a local import `./x` up only as `x.js` among the JavaScript it compiled from the
 * project ("side outputs"), so `./src` → `src/index.js` is never found. For every compiled
 * `dir/index.js` we add a one-line alias module `dir.js` that re-exports it, unless a real
 * `dir.ts`/`dir.js` exists (TypeScript would have resolved the import to that file instead).
 */
import * as fs from "fs";
import * as path from "path";
import type { SideOutput } from "tslab/dist/converter";

const INDEX_FILE = "index.js";
const SIBLING_SOURCES = [".ts", ".tsx", ".js", ".jsx", ".d.ts"];

function hasSiblingSource(dirPath: string): boolean {
  return SIBLING_SOURCES.some((ext) => fs.existsSync(dirPath + ext));
}

/** Side outputs plus an alias `dir.js` for each `dir/index.js` that needs one. */
export function withDirectoryAliases(outputs: readonly SideOutput[]): SideOutput[] {
  const paths = new Set(outputs.map((o) => o.path));
  const aliases: SideOutput[] = [];
  for (const output of outputs) {
    if (path.basename(output.path) !== INDEX_FILE) continue;
    const dirPath = path.dirname(output.path);
    const aliasPath = dirPath + ".js";
    if (paths.has(aliasPath) || hasSiblingSource(dirPath)) continue;
    const target = "./" + path.basename(dirPath) + "/index";
    aliases.push({ path: aliasPath, data: `module.exports = require(${JSON.stringify(target)});\n` });
    paths.add(aliasPath);
  }
  return aliases.length === 0 ? outputs.slice() : outputs.concat(aliases);
}
