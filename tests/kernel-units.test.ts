/** Pure parts of the kernel: wire signing, directory aliases, line mapping, display outside a kernel. */
import { createHmac } from "crypto";
import { describe, expect, it } from "vitest";
import { decode, encode } from "../kernel/wire";
import { withDirectoryAliases } from "../kernel/directory-imports";
import { mapLine } from "../kernel/line-map";
import { clearOutput, inKernel, sendDisplay } from "../src/plot/display-hook";
import { History } from "../kernel/history";
import { expandShorthandProperties, originalOffset, withLiveBindings } from "../kernel/cell-bindings";

describe("wire", () => {
  it("signs with HMAC-SHA256 over header, parent, metadata, content (checked independently)", () => {
    const frames = encode("secret", null, "status", { execution_state: "idle" }, [Buffer.from("id1")]);
    expect(frames[0].toString()).toBe("id1");
    expect(frames[1].toString()).toBe("<IDS|MSG>");
    const hmac = createHmac("sha256", "secret");
    for (const part of frames.slice(3, 7)) hmac.update(part);
    expect(frames[2].toString()).toBe(hmac.digest("hex"));
    const msg = decode(frames, "secret");
    expect(msg.header.msg_type).toBe("status");
    expect(msg.content).toEqual({ execution_state: "idle" });
  });

  it("rejects a message signed with another key", () => {
    const frames = encode("other", null, "status", {});
    expect(() => decode(frames, "secret")).toThrow(/decode: parameter 'frames' must carry a valid HMAC signature/);
  });
});

describe("directory aliases", () => {
  it("adds dir.js re-exporting dir/index.js, only where no dir.ts exists", () => {
    const out = withDirectoryAliases([
      { path: "/nonexistent-root/src/index.js", data: "" },
      { path: "/nonexistent-root/src/problems/index.js", data: "" },
      { path: "/nonexistent-root/src/problems.js", data: "" },
    ]);
    const alias = out.find((o) => o.path === "/nonexistent-root/src.js");
    expect(alias?.data).toBe('module.exports = require("./src/index");\n');
    expect(out.filter((o) => o.path === "/nonexistent-root/src/problems.js")).toHaveLength(1);
  });
});

describe("mapLine", () => {
  it("finds the TypeScript line of an emitted statement despite removed type-only lines", () => {
    const ts = ["interface P { x: number }", "type Q = P;", "", "const p: P = { x: 1 };", "const total = p.x * factor;"].join("\n");
    const js = ["const p = { x: 1 };", "const total = p.x * factor;"].join("\n");
    expect(mapLine(js, 2, ts)).toBe(5);
    expect(mapLine(js, 1, ts)).toBe(4);
  });
});

describe("display outside a kernel", () => {
  it("returns false and sends nothing, but still validates its arguments", () => {
    expect(inKernel()).toBe(false);
    expect(sendDisplay({ "text/plain": "x" })).toBe(false);
    expect(clearOutput()).toBe(false);
    expect(() => sendDisplay({ html: "x" })).toThrow(/sendDisplay: parameter 'bundle' must have MIME type keys/);
    expect(() => sendDisplay({ "text/plain": "x" }, { update: true })).toThrow(/parameter 'displayId'/);
  });
});

describe("history", () => {
  it("answers tail, range and glob search like IPython", () => {
    const h = new History();
    ["1 + 2", "x = 1", "1 + 2"].forEach((code, i) => h.record(i + 1, code));
    expect(h.query({ hist_access_type: "tail", n: 2 })).toEqual([[1, 2, "x = 1"], [1, 3, "1 + 2"]]);
    expect(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 3 })).toEqual([[1, 2, "x = 1"]]);
    expect(h.query({ hist_access_type: "search", pattern: "1?+*" })).toHaveLength(2);
    expect(h.query({ hist_access_type: "search", pattern: "1?+*", unique: true })).toEqual([[1, 3, "1 + 2"]]);
  });
});

describe("earlier-cell bindings", () => {
  it("expands shorthand properties, also in destructuring assignments, and maps offsets back", () => {
    const code = "f({ a, b: 1 }); ({ c = 2, d } = o); const { e } = o;";
    const expanded = expandShorthandProperties(code);
    expect(expanded.code).toBe("f({ a: a, b: 1 }); ({ c: c = 2, d: d } = o); const { e } = o;");
    const after = expanded.code.indexOf("o);");
    expect(originalOffset(expanded.insertions, after)).toBe(code.indexOf("o);"));
    expect(originalOffset(expanded.insertions, expanded.code.indexOf("a: a") + 1)).toBe(code.indexOf("a,"));
    expect(originalOffset(expanded.insertions, expanded.code.indexOf("a: a") + 3)).toBe(code.indexOf("a,"));
    expect(expandShorthandProperties("x = { ...y, z() {} }").insertions).toHaveLength(0);
  });

  it("binds exported let/var (not const) after the cell, keeping line numbers", () => {
    const js = 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.k = exports.b = exports.a = void 0;\n' +
      "let { a, b: [b] } = o;\nexports.a = a;\nexports.b = b;\nconst k = 1;\nexports.k = k;\n";
    const live = withLiveBindings(js);
    const lines = live.split("\n");
    expect(lines[0]).toMatch(/^__descentLive__\.release\(exports, \["k","b","a"\]\); Object\.defineProperty/);
    expect(lines.slice(1, 7)).toEqual(js.split("\n").slice(1, 7));
    expect(lines[7]).toContain('bind(exports, "a", () => a');
    expect(lines[7]).toContain('bind(exports, "b", () => b');
    expect(lines[7]).not.toContain('"k"');
    expect(withLiveBindings("exports.tsLastExpr = 1;\n")).toBe("exports.tsLastExpr = 1;\n");
  });
});
