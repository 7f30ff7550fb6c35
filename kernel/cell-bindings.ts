/**
 * Make earlier cells' top-level bindings behave like one module scope, which tslab only half does.
 *
 * tslab keeps a cell's top-level declarations on a shared `exports` object and rewrites later cells'
 * references `x` to `exports.x`, looking each identifier's symbol up with the type checker. Two gaps:
 * - shorthand properties: for `{ x }` the checker answers with the property's own symbol, so the
 *   name is never rewritten and the cell throws "ReferenceError: x is not defined" at run time;
 * - `let`/`var` reassigned in a later cell: `exports.x = 10` changes the shared copy only, while
 *   functions of the declaring cell keep reading (and writing back) their own local `x`.
 * The first is fixed in the cell's TypeScript (`{ x }` → `{ x: x }`, identical meaning), the second
 * in its JavaScript (`exports.x` becomes an accessor of the declaring cell's local once it has run).
 */
import * as ts from "@tslab/typescript-for-tslab";
import type { Diagnostic, DiagnosticPos } from "tslab/dist/converter";

/** An insertion of `text` before `at`, an offset of the cell as typed. */
interface Insertion {
  at: number;
  text: string;
}

export interface ExpandedCell {
  code: string;
  insertions: readonly Insertion[];
}

/**
 * `{ x }` → `{ x: x }` everywhere in object literals (also destructuring assignments such as
 * `({ x = 1 } = o)`). The key is what is inserted, so the value keeps its original offset and any
 * diagnostic about it points where the user typed it.
 */
export function expandShorthandProperties(code: string): ExpandedCell {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const insertions: Insertion[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      insertions.push({ at: node.name.getStart(file), text: `${node.name.getText(file)}: ` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (insertions.length === 0) return { code, insertions };
  insertions.sort((a, b) => a.at - b.at);
  let out = "";
  let from = 0;
  for (const ins of insertions) {
    out += code.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  return { code: out + code.slice(from), insertions };
}

/** An offset of the expanded cell → the offset in the cell as typed (inserted text → its anchor). */
export function originalOffset(insertions: readonly Insertion[], offset: number): number {
  let shift = 0;
  for (const ins of insertions) {
    const start = ins.at + shift;
    if (offset < start) break;
    if (offset < start + ins.text.length) return ins.at;
    shift += ins.text.length;
  }
  return offset - shift;
}

function positionIn(code: string, offset: number): DiagnosticPos {
  const before = code.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { offset, line: before.split("\n").length - 1, character: offset - lineStart };
}

/** Diagnostics of the cell (those without a file name) moved back to the cell as typed. */
export function diagnosticsInOriginal(diagnostics: readonly Diagnostic[], cell: ExpandedCell, original: string): Diagnostic[] {
  if (cell.insertions.length === 0) return diagnostics.slice();
  return diagnostics.map((d) => {
    if (d.fileName) return d;
    const start = positionIn(original, originalOffset(cell.insertions, d.start.offset));
    const end = positionIn(original, Math.max(start.offset, originalOffset(cell.insertions, d.end.offset)));
    return { ...d, start, end };
  });
}

/** Global helper the rewritten cells call; installed once per kernel by installLiveBindings. */
export const LIVE_HELPER = "__descentLive__";

interface LiveHelper {
  /** Before a cell declares `names` again: drop the accessors earlier cells left for them. */
  release(exports: object, names: readonly string[]): void;
  /** After a cell ran: `exports.name` reads and writes the cell's own local variable. */
  bind(exports: object, name: string, get: () => unknown, set: (v: unknown) => void): void;
}

/**
 * tslab's `exports` is a Proxy whose defineProperty trap stores a getter's current value, so the
 * accessors live on a prototype object put behind it (prototype operations reach the target).
 */
export function installLiveBindings(): void {
  const holders = new WeakMap<object, Record<string, unknown>>();
  const holderOf = (exports: object): Record<string, unknown> => {
    let holder = holders.get(exports);
    if (!holder) {
      holder = Object.create(Object.getPrototypeOf(exports)) as Record<string, unknown>;
      Object.setPrototypeOf(exports, holder);
      holders.set(exports, holder);
    }
    return holder;
  };
  const helper: LiveHelper = {
    release(exports, names) {
      const holder = holderOf(exports);
      for (const name of names) delete holder[name];
    },
    bind(exports, name, get, set) {
      delete (exports as Record<string, unknown>)[name];
      Object.defineProperty(holderOf(exports), name, { get, set, enumerable: true, configurable: true });
    },
  };
  (globalThis as Record<string, unknown>)[LIVE_HELPER] = helper;
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) {
    out.push(name.text);
    return;
  }
  for (const element of name.elements) {
    if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  }
}

/** `exports.a = exports.b = void 0;`: the names tslab exports from this cell. */
function exportedNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  if (!ts.isExpressionStatement(statement)) return names;
  let e: ts.Expression = statement.expression;
  while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = e.left;
    if (!ts.isPropertyAccessExpression(target) || !ts.isIdentifier(target.expression) || target.expression.text !== "exports") {
      return [];
    }
    names.push(target.name.text);
    e = e.right;
  }
  return ts.isVoidExpression(e) ? names : [];
}

/**
 * The cell's JavaScript (as tslab emits it) with its exported `let`/`var` bindings made live. The
 * prologue goes on line 1 and the epilogue after the last line, so compiled line numbers still match.
 */
export function withLiveBindings(js: string): string {
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let exported: string[] = [];
  const mutable: string[] = [];
  for (const statement of file.statements) {
    if (exported.length === 0) exported = exportedNames(statement);
    if (!ts.isVariableStatement(statement)) continue;
    if (statement.declarationList.flags & ts.NodeFlags.Const) continue;
    for (const decl of statement.declarationList.declarations) bindingNames(decl.name, mutable);
  }
  const live = mutable.filter((name) => exported.includes(name));
  if (exported.length === 0) return js;
  const prologue = `${LIVE_HELPER}.release(exports, ${JSON.stringify(exported)}); `;
  const epilogue = live
    .map((n) => `${LIVE_HELPER}.bind(exports, ${JSON.stringify(n)}, () => ${n}, (v) => { ${n} = v; });`)
    .join(" ");
  return prologue + js + (epilogue ? `${js.endsWith("\n") ? "" : "\n"}${epilogue}\n` : "");
}
