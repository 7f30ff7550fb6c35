/**
 * The descent kernel over the real protocol (jupyter_client): tracebacks that point at the cell and
 * line, compile errors, aborted replies after a failure, execute_result from toMimeBundle, interrupt,
 * top-level await, directory imports and ESM-only modules. Expected values are written by hand.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = "/usr/bin/python3";
const hasJupyterClient =
  fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import jupyter_client"]).status === 0;

// One kernel, one script: every scenario's replies and IOPub messages come back as JSON.
const PROBE = String.raw`
import json, sys, time
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="descent", startup_timeout=150)
out = {}
try:

    def iopub_for(msg_id, timeout=10):
        msgs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = kc.get_iopub_msg(timeout=0.5)
            except Exception:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append({"type": m["msg_type"], "content": m["content"]})
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return msgs

    def reply_for(msg_ids, timeout=30):
        # start_new_kernel's kernel_info retries leave extra replies behind: match by parent id.
        found = {}
        while len(found) < len(msg_ids):
            r = kc.get_shell_msg(timeout=timeout)
            if r["parent_header"].get("msg_id") in msg_ids:
                found[r["parent_header"]["msg_id"]] = r["content"]
        return [found[i] for i in msg_ids]

    def run(code, **kw):
        msg_id = kc.execute(code, **kw)
        reply = reply_for([msg_id])[0]
        return {"reply": reply, "iopub": iopub_for(msg_id)}

    out["runtime"] = run("const base = 1;\nfunction f(x: number) {\n  const o: any = undefined;\n  return o.y + x;\n}\nf(base)")
    out["library"] = run('import * as p from "./tests/kernel-fixtures/pkg";\np.inner.fail("here")')
    out["srcBuild"] = run('import * as d from "./src";\nd.rng(3).int(0)')
    out["compile"] = run('const ok = 1;\nconst n: number = "x";')
    out["dirImport"] = run('import * as q from "./tests/kernel-fixtures/pkg";\nq.inner.twice(21)')
    out["rich"] = run('({ toMimeBundle() { return { "text/html": "<i>x</i>" }; } })')
    out["shown"] = run('console.log("verdict");\n({ toMimeBundle() { return null; } })')
    out["await"] = run("await new Promise<number>((r) => setTimeout(() => r(7), 10))")
    out["esm"] = run('const spec = "./tests/kernel-fixtures/esm-tla.mjs";\nconst esm = await import(spec);\nesm.value')

    # Earlier-cell bindings: shorthand properties, let reassigned later, closures, classes, hoisting.
    out["scope"] = [run(c) for c in [
        "const fStar = 1;\nlet counter = 0;\nfunction bump() { return ++counter; }\nclass Box { constructor(public v: number) {} }",
        "const o = { fStar };\ncounter = 10;\n[o.fStar, bump(), counter]",
        "const grab = () => ({ fStar, counter });\n({ counter } = { counter: 40 });\n[grab().counter, bump(), new Box(fStar).v]",
        "const { q = fStar } = {} as { q?: number };\nuse();\nfunction use() { return { q, counter }; }",
        "use()",
        "const typo = { fStar };\nconst n: number = 'x';",
    ]]
    ids = [kc.execute(c) for c in ['throw new Error("first")', "1 + 1", "2 + 2"]]
    out["abort"] = [r["status"] for r in reply_for(ids)]
    out["afterAbort"] = run("3 + 3")["reply"]["status"]
    ids = [kc.execute(c, stop_on_error=False) for c in ['throw new Error("again")', "4 + 4"]]
    out["noStop"] = [r["status"] for r in reply_for(ids)]

    run("const kept = 5;")
    msg_id = kc.execute("let spins = 0;\nwhile (true) { spins++; }")
    time.sleep(1.5)
    t0 = time.time()
    km.interrupt_kernel()
    reply = reply_for([msg_id], timeout=20)[0]
    out["interrupt"] = {"reply": reply, "seconds": time.time() - t0}
    out["afterInterrupt"] = run("kept * 2")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print("PROBE-JSON" + json.dumps(out))
`;

/** Run a Python script without blocking vitest's worker (spawnSync would starve its RPC). */
function runPython(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ["-c", script], {
      cwd: ROOT,
      env: { ...process.env, JUPYTER_PATH: path.join(ROOT, "kernel-setup", "jupyter") },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

type Msg = { type: string; content: Record<string, any> };
type Run = { reply: Record<string, any>; iopub: Msg[] };
let probe: Record<string, any>;

const errorOf = (r: Run) => r.iopub.find((m) => m.type === "error")?.content ?? {};
const resultOf = (r: Run) => r.iopub.find((m) => m.type === "execute_result")?.content.data ?? {};

describe.skipIf(!hasJupyterClient)("descent kernel protocol", () => {
  beforeAll(async () => {
    const { code, stdout, stderr } = await runPython(PROBE, 170_000);
    const line = stdout.split("\n").find((l) => l.startsWith("PROBE-JSON"));
    if (!line) throw new Error(`kernel probe failed (${code}): ${stderr.slice(-3000)}`);
    probe = JSON.parse(line.slice("PROBE-JSON".length));
  }, 180_000);

  it("sends a runtime error as an error message whose traceback names the cell line", () => {
    const r = probe.runtime as Run;
    expect(r.reply.status).toBe("error");
    const e = errorOf(r);
    expect(e.ename).toBe("TypeError");
    expect(e.evalue).toMatch(/reading 'y'/);
    const tb = (e.traceback as string[]).join("\n");
    expect(tb).toMatch(/Cell In\[\d+\], line 4, in f/);
    expect(tb).toContain("---->   4 |   return o.y + x;");
    expect(tb).toMatch(/Cell In\[\d+\], line 6\b/);
    expect(r.reply.ename).toBe("TypeError");
  });

  it("maps a frame inside a project file back to its TypeScript line", () => {
    const e = errorOf(probe.library);
    expect(e.ename).toBe("RangeError");
    expect(e.evalue).toBe("fixture failure: here");
    const tb = (e.traceback as string[]).join("\n");
    expect(tb).toContain("tests/kernel-fixtures/pkg/inner/index.ts, line 7, in fail");
    expect(tb).toMatch(/Cell In\[\d+\], line 2/);
  });

  it("loads ./src from the compiled build and maps its frames back to src/*.ts lines", () => {
    const r = probe.srcBuild;
    expect(r.reply.status).toBe("error");
    expect(r.reply.evalue).toBe("rng.int: parameter 'n' must be a positive integer, got 0");
    const tb = r.reply.traceback.join("\n");
    const srcLine = fs.readFileSync(path.join(ROOT, "src", "rng.ts"), "utf8").split("\n")
      .findIndex((l) => l.includes("rng.int: parameter 'n' must be a positive integer")) + 1;
    expect(srcLine).toBeGreaterThan(0);
    expect(tb).toContain(`src/rng.ts, line ${srcLine}`);
    expect(tb).toMatch(/Cell In\[\d+\], line 2/);
    expect(tb).not.toContain("node_modules/.cache");
  });

  it("reports TypeScript diagnostics with cell, line and column", () => {
    const e = errorOf(probe.compile);
    expect(e.ename).toBe("TSError");
    expect(e.evalue).toMatch(/^TS2322: Type 'string' is not assignable to type 'number'/);
    expect((e.traceback as string[]).join("\n")).toMatch(/Cell In\[\d+\], line 2, column 7: TS2322/);
  });

  it("sees earlier cells' bindings in shorthand properties, closures and later reassignments", () => {
    const scope = probe.scope as Run[];
    expect(scope.map((r) => r.reply.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "error"]);
    // by hand: bump() increments the counter that cell 2 set to 10; cell 3 destructures 40 into it
    expect(resultOf(scope[1])["text/plain"]).toBe("[ 1, 11, 11 ]");
    expect(resultOf(scope[2])["text/plain"]).toBe("[ 40, 41, 1 ]");
    expect(resultOf(scope[4])["text/plain"]).toBe("{ q: 1, counter: 41 }");
    // the expansion of `{ fStar }` must not move the columns of diagnostics
    expect(errorOf(scope[5]).traceback.join("\n")).toMatch(/Cell In\[\d+\], line 2, column 7: TS2322/);
  });

  it("answers requests queued behind a failed cell with 'aborted', unless stop_on_error is false", () => {
    expect(probe.abort).toEqual(["error", "aborted", "aborted"]);
    expect(probe.afterAbort).toBe("ok");
    expect(probe.noStop).toEqual(["error", "ok"]);
  });

  it("sends values as execute_result, using toMimeBundle when present", () => {
    expect(resultOf(probe.dirImport)["text/plain"]).toBe("42");
    const rich = resultOf(probe.rich);
    expect(rich["text/html"]).toBe("<i>x</i>");
    expect(typeof rich["text/plain"]).toBe("string");
  });

  it("sends no execute_result for a value whose toMimeBundle() returns null (it showed itself)", () => {
    expect(probe.shown.reply.status).toBe("ok");
    expect(probe.shown.iopub.some((m: Msg) => m.type === "execute_result")).toBe(false);
    expect(JSON.stringify(probe.shown.iopub)).toContain("verdict");
  });

  it("keeps top-level await and imports ESM modules with top-level await", () => {
    expect(resultOf(probe.await)["text/plain"]).toBe("7");
    expect(probe.esm.reply.status).toBe("ok");
    expect(resultOf(probe.esm)["text/plain"]).toBe("42");
  });

  it("interrupts a synchronous infinite loop and keeps the kernel's state", () => {
    expect(probe.interrupt.reply.status).toBe("error");
    expect(probe.interrupt.reply.ename).toBe("KeyboardInterrupt");
    expect(probe.interrupt.seconds).toBeLessThan(5);
    expect(resultOf(probe.afterInterrupt)["text/plain"]).toBe("10");
  });
});
// Without python3-jupyter-client, tests/setup-tools.test.ts fails and names the package.
