/** The Node twin of the platform: files from disk, zlib, environment variables, Node's tfjs backends. */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { nodeProbes } from "../tf/probes-node";
import type { Platform } from "./index";

/** Where each data set's files live in Node, and how a missing one gets installed. */
export const nodeDataSets: Record<string, { dir: string; install: string }> = {
  "fashion-mnist": {
    dir: "/usr/share/datasets/fashion-mnist",
    install: "install the Debian package 'dataset-fashion-mnist': apt-get install dataset-fashion-mnist, or run kernel-setup/setup.sh",
  },
  // Shipped with the project (data/README.md); the browser edition serves it as data/digits/digits.csv.
  digits: { dir: path.resolve(__dirname, "../../data"), install: "it ships with the project: restore data/digits.csv from git" },
};

let plotly: { version: string; code: string } | undefined;

export const nodePlatform: Platform = {
  name: "node",
  async readDataFile(dataset, file) {
    const where = nodeDataSets[dataset];
    if (!where) throw new Error(`readDataFile: parameter 'dataset' must be one of ${Object.keys(nodeDataSets).join(", ")}, got ${JSON.stringify(dataset)}`);
    const dir = nodePlatform.setting(`DESCENT_DATA_${dataset.toUpperCase().replace(/-/g, "_")}`) ?? where.dir;
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) throw new Error(`${dataset}: file not found: ${full} (${where.install})`);
    return new Uint8Array(await fs.promises.readFile(full));
  },
  async readFile(location) {
    try {
      return new Uint8Array(await fs.promises.readFile(location));
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return null;
      throw e;
    }
  },
  async gunzip(bytes) {
    return new Uint8Array(zlib.gunzipSync(bytes));
  },
  setting(name) {
    const v = process.env[name];
    return v === undefined || v === "" ? undefined : v;
  },
  settingSource(name) {
    return `environment variable ${name}`;
  },
  plotlySource() {
    if (!plotly) {
      const pkg = JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as { version: string };
      plotly = { version: pkg.version, code: fs.readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8") };
    }
    return plotly;
  },
  tfProbes() {
    return nodeProbes;
  },
};
