/** The Node twin of the platform: files from disk, zlib, environment variables. */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { Platform } from "./index";

/** Where each data set's files live on a Debian machine, and the package that installs them. */
export const nodeDataSets: Record<string, { dir: string; debianPackage: string }> = {
  "fashion-mnist": { dir: "/usr/share/datasets/fashion-mnist", debianPackage: "dataset-fashion-mnist" },
};

export const nodePlatform: Platform = {
  name: "node",
  async readDataFile(dataset, file) {
    const where = nodeDataSets[dataset];
    if (!where) throw new Error(`readDataFile: parameter 'dataset' must be one of ${Object.keys(nodeDataSets).join(", ")}, got ${JSON.stringify(dataset)}`);
    const dir = process.env[`DESCENT_DATA_${dataset.toUpperCase().replace(/-/g, "_")}`] || where.dir;
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      throw new Error(`${dataset}: file not found: ${full} (install the Debian package '${where.debianPackage}': apt-get install ${where.debianPackage}, or run kernel-setup/setup.sh)`);
    }
    return new Uint8Array(await fs.promises.readFile(full));
  },
  async gunzip(bytes) {
    return new Uint8Array(zlib.gunzipSync(bytes));
  },
  setting(name) {
    const v = process.env[name];
    return v === undefined || v === "" ? undefined : v;
  },
};
