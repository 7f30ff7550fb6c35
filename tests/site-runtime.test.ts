/**
 * The browser edition's in-page kernel (site/runtime), run in Node with a stand-in library: the Descent
 * kernel's cell semantics and Jupyter's message shapes. The same engine runs in the page's worker.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine, OUTPUT_HOOK } from "../site/runtime/engine";
import { compileCell } from "../site/runtime/transform";
import { format, inspect } from "../site/runtime/inspect";
import type { Message } from "../site/runtime/protocol";
import { format as nodeFormat, inspect as nodeInspect } from "util";

const library = {
  square: (x: number) => x * x,
  figure: () => ({ toMimeBundle: () => ({ "application/vnd.plotly.v1+json": { data: [] }, "text/plain": "Figure: test" }) }),
  verdict: () => ({ toMimeBundle: () => null }),
  show(text: string, id?: string, update = false) {
    const hook = (globalThis as Record<symbol, { display(c: unknown, u: boolean): void }>)[OUTPUT_HOOK];
    hook.display({ data: { "text/plain": text }, metadata: {}, transient: id ? { display_id: id } : {} }, update);
  },
};

let messages: Message<unknown>[] = [];
let engine: Engine;
const savedConsole = { ...console };
const savedHook = (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK];

beforeEach(() => {
  messages = [];
  engine = new Engine({
    importModule: (s) => {
      if (s === "./src") return library;
      throw new Error(`Cannot find module '${s}'`);
    },
    post: (m) => messages.push(m),
  });
  engine.captureConsole(console);
  engine.installDisplayHook(globalThis as unknown as Record<symbol, unknown>);
});
afterEach(() => {
  Object.assign(console, savedConsole);
  (globalThis as Record<symbol, unknown>)[OUTPUT_HOOK] = savedHook;
});

let msgId = 0;
async function run(code: string) {
  messages = [];
  const parent = { msg_id: `req-${++msgId}`, msg_type: "execute_request" };
  const reply = await engine.execute({ code }, parent);
  const stdout = messages.filter((m) => m.header.msg_type === "stream" && (m.content as { name: string }).name === "stdout")
    .map((m) => (m.content as { text: string }).text).join("");
  const of = (t: string) => messages.filter((m) => m.header.msg_type === t).map((m) => m.content as Record<string, unknown>);
  expect(messages.every((m) => m.parent_header.msg_id === parent.msg_id)).toBe(true);
  return { reply, stdout, of, types: messages.map((m) => m.header.msg_type) };
}

describe("site runtime: cells run like the Descent kernel", () => {
  it("imports the library, keeps top-level bindings across cells, and re-runs `const` cells", async () => {
    expect((await run(`import * as d from "./src";\nconst x: number = d.square(3);`)).reply.status).toBe("ok");
    expect((await run("console.log(x + 1);")).stdout).toBe("10\n");
    expect((await run("const x = 5;")).reply.status).toBe("ok");
    expect((await run("console.log(x);")).stdout).toBe("5\n");
    expect((await run(`import { square } from "./src";\nconsole.log(square(4));`)).stdout).toBe("16\n");
  });

  it("a later cell's assignment reaches the functions of an earlier cell; functions are hoisted; classes persist", async () => {
    await run("let rate = 0.1;\nfunction step(v: number): number { return v - rate * v; }");
    await run("rate = 0.5;");
    expect((await run("console.log(step(2));")).stdout).toBe("1\n");
    expect((await run("console.log(twice(3));\nfunction twice(n: number) { return 2 * n; }")).stdout).toBe("6\n");
    await run("class Counter { n = 0; inc() { return ++this.n; } }\nconst c = new Counter();");
    expect((await run("c.inc(); console.log(c.inc(), c instanceof Counter);")).stdout).toBe("2 true\n");
    await run("const { a, b: [bb, ...rest] } = { a: 1, b: [2, 3, 4] };\nvar v1 = 1, v2;");
    expect((await run("console.log(a, bb, rest, v1, v2);")).stdout).toBe("1 2 [ 3, 4 ] 1 undefined\n");
  });

  it("strips types (interfaces, generics, enums, `as`), supports top-level await", async () => {
    await run("interface P { x: number }\nenum Color { Red, Green }\nconst p: P = { x: 2 } as P;\nconst wait = <T,>(v: T) => new Promise<T>((r) => setTimeout(() => r(v), 5));");
    expect((await run("const got = await wait(p.x);\nconsole.log(got, Color.Green);")).stdout).toBe("2 1\n");
  });

  it("the last expression becomes execute_result (toMimeBundle, null = already shown, undefined = nothing)", async () => {
    await run(`import * as d from "./src";`);
    const plain = await run("1 + 2");
    expect(plain.of("execute_result")[0]).toMatchObject({ data: { "text/plain": "3" }, execution_count: expect.any(Number) });
    const fig = await run("d.figure()");
    expect(fig.of("execute_result")[0].data).toEqual({ "application/vnd.plotly.v1+json": { data: [] }, "text/plain": "Figure: test" });
    expect((await run("d.verdict()")).of("execute_result")).toEqual([]);
    expect((await run("console.log('x')")).of("execute_result")).toEqual([]);
    expect((await run("const s = 'abc';\ns")).of("execute_result")[0].data).toEqual({ "text/plain": "'abc'" });
  });

  it("message order and shapes follow Jupyter: busy, execute_input, outputs, idle", async () => {
    const r = await run(`import * as d from "./src";\nconsole.log("a");\nconsole.error("b");\nd.show("fig", "live-1");\nd.show("fig2", "live-1", true);\n7`);
    expect(r.types).toEqual(["status", "execute_input", "stream", "stream", "display_data", "update_display_data", "execute_result", "status"]);
    expect(r.of("stream")).toEqual([{ name: "stdout", text: "a\n" }, { name: "stderr", text: "b\n" }]);
    expect(r.of("update_display_data")[0]).toMatchObject({ data: { "text/plain": "fig2" }, transient: { display_id: "live-1" } });
    expect(r.reply).toMatchObject({ status: "ok", payload: [], user_expressions: {} });
  });

  it("a runtime error names the cell line (also inside a function) and keeps the engine usable", async () => {
    await run("function boom(n: number) {\n  if (n > 1) throw new RangeError(`too big: ${n}`);\n  return n;\n}");
    const r = await run("const ok = 1;\n\nboom(5);");
    expect(r.reply.status).toBe("error");
    const err = r.of("error")[0] as { ename: string; evalue: string; traceback: string[] };
    expect(err.ename).toBe("RangeError");
    expect(err.evalue).toBe("too big: 5");
    const text = err.traceback.join("\n");
    expect(text).toMatch(/Cell In\[\d+\], line 3/);
    expect(text).toContain("---->   3 | boom(5);");
    expect(text).toMatch(/Cell In\[\d+\], line 2, in boom\n.*\n---->   2 \|   if \(n > 1\) throw/);
    expect((await run("console.log(ok)")).stdout).toBe("1\n");
  });

  it("a syntax error shows its line and column; an unknown import says so", async () => {
    const r = await run("const a = 1;\nconst b = (2;");
    const err = r.of("error")[0] as { ename: string; traceback: string[] };
    expect(err.ename).toBe("SyntaxError");
    expect(err.traceback.join("\n")).toMatch(/line 2[\s\S]*---->   2 \| const b = \(2;/);
    const imp = await run(`import * as fs from "fs";`);
    expect((imp.of("error")[0] as { evalue: string }).evalue).toMatch(/Cannot find module 'fs'/);
  });

  it("restart forgets bindings", async () => {
    await run("const kept = 1;");
    engine.reset();
    const r = await run("console.log(typeof kept)");
    expect(r.stdout).toBe("undefined\n");
  });
});

describe("site runtime: the rewrite keeps line numbers", () => {
  it("line L of the compiled body is line L of the cell", () => {
    const src = ["import * as d from './src';", "const a = 1,", "  b = 2;", "function f() {", "  return a;", "}", "class K {}", "let z", "f()"].join("\n");
    const c = compileCell(src);
    const lines = c.body.split("\n");
    expect(lines.length).toBe(src.split("\n").length + 1);
    expect(lines[4]).toContain("return a;");
    expect(c.declared.sort()).toEqual(["K", "a", "b", "d", "f", "z"]);
    expect(c.hasResult).toBe(true);
  });
});

describe("site runtime: console formatting matches Node's util.format", () => {
  const cases: unknown[][] = [
    ["plain", 1, -0, 1.5e-7, true, null, undefined],
    [[1, 2, 3], { a: 1, "b-c": "x", nested: { deep: { deeper: { deepest: 1 } } } }],
    [new Float64Array([1, 0.5]), new Map([["k", 1]]), new Set([1, 2])],
    ["%s is %d and %i, %f %j %%", "x", 42.5, 42.5, "1.5", { a: [1] }],
    [Array.from({ length: 30 }, (_, i) => `item-${i}`).slice(0, 6)],
    [{ a: "a".repeat(50), b: "b".repeat(40) }],
  ];
  it.each(cases.map((c, i) => [i, c]))("case %i", (_i, args) => {
    expect(format(args as unknown[])).toBe(nodeFormat(...(args as unknown[])));
  });
  it("inspect of strings quotes like Node", () => {
    for (const s of ["it's", 'say "hi"', "plain"]) expect(inspect(s)).toBe(nodeInspect(s));
  });
});
