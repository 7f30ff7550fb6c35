/**
 * A cell's TypeScript → a function body that runs like a cell of the Descent kernel:
 * types stripped by sucrase (line numbers kept), then the top level rewritten with acorn's syntax tree so that
 * - `import * as d from "./src"` (and named/default imports) binds through the runtime's module table;
 * - top-level `const`/`let`/`var`/`class` bindings become properties of one scope object that every later
 *   cell sees (re-running `const x = …` does not throw "already declared"; a later cell's `x = 10` reaches the
 *   functions of the cell that declared it, as with Python's globals and the Descent kernel's cell-bindings);
 * - top-level function declarations stay hoisted within their cell and are copied to the scope at its start;
 * - the value of a final expression statement is handed to the runtime (the cell's execute_result).
 * The body runs inside `with (scope) { … }` of an async function, so top-level `await` works. Every rewrite
 * is an in-place splice that adds no line break: line L of the output is line L of the cell.
 */
import { parse } from "acorn";
import type { Node, Pattern, Program, Statement, ModuleDeclaration, VariableDeclaration, ImportDeclaration } from "acorn";
import { transform } from "sucrase";

/** Names the generated code uses; a cell cannot see them (they are parameters, not scope properties). */
export const SCOPE = "__descent_scope";
export const CELL = "__descent_cell";

export interface CompiledCell {
  /** The body of `async function (SCOPE, CELL)`; line L is the cell's line L. */
  body: string;
  /** Top-level names the cell declares (they become scope properties before it runs). */
  declared: string[];
  /** True when the last statement is an expression whose value is the cell's result. */
  hasResult: boolean;
}

/** A syntax error with the cell's line and column (1-based line, 0-based column). */
export class CellSyntaxError extends SyntaxError {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = "SyntaxError";
  }
}

interface Splice {
  at: number;
  /** Characters replaced from `at`. */
  remove: number;
  insert: string;
}

function bindingNames(p: Pattern | null | undefined, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier": out.push(p.name); break;
    case "ObjectPattern": for (const prop of p.properties) bindingNames(prop.type === "RestElement" ? prop.argument : prop.value, out); break;
    case "ArrayPattern": for (const el of p.elements) bindingNames(el, out); break;
    case "RestElement": bindingNames(p.argument, out); break;
    case "AssignmentPattern": bindingNames(p.left, out); break;
    default: break;
  }
}

function stripTypes(source: string): string {
  try {
    return transform(source, { transforms: ["typescript"], keepUnusedImports: true, disableESTransforms: true }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const m = /\((\d+):(\d+)\)\s*$/.exec(err.message);
    const line = err.loc?.line ?? (m ? Number(m[1]) : 1);
    const column = err.loc?.column ?? (m ? Number(m[2]) : 0);
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)\s*$/, ""), line, column);
  }
}

function parseModule(js: string): Program {
  try {
    return parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, locations: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)\s*$/, ""), err.loc?.line ?? 1, err.loc?.column ?? 0);
  }
}

function importSplices(node: ImportDeclaration, declared: string[]): Splice {
  const from = `${CELL}.import(${JSON.stringify(node.source.value)})`;
  const parts: string[] = [];
  for (const s of node.specifiers) {
    declared.push(s.local.name);
    if (s.type === "ImportNamespaceSpecifier") parts.push(`${s.local.name} = ${from}`);
    else if (s.type === "ImportDefaultSpecifier") parts.push(`${s.local.name} = ${CELL}.importDefault(${JSON.stringify(node.source.value)})`);
    else {
      const imported = s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
      parts.push(`${s.local.name} = ${from}[${JSON.stringify(imported)}]`);
    }
  }
  // One line for the whole statement (an import cannot span a statement that matters after it).
  const newlines = "\n".repeat((node.loc!.end.line - node.loc!.start.line));
  return { at: node.start, remove: node.end - node.start, insert: `;${parts.length ? parts.join(", ") : from};${newlines}` };
}

function variableSplices(node: VariableDeclaration, js: string, declared: string[], splices: Splice[]): void {
  // `const a = 1, {b} = f()` → `;     (a = 1), ({b} = f())`: keyword out, each declarator an assignment.
  splices.push({ at: node.start, remove: node.kind.length, insert: ";" + " ".repeat(node.kind.length - 1) });
  for (const decl of node.declarations) {
    bindingNames(decl.id, declared);
    splices.push({ at: decl.start, remove: 0, insert: "(" });
    if (decl.init) splices.push({ at: decl.end, remove: 0, insert: ")" });
    else splices.push({ at: decl.end, remove: 0, insert: " = undefined)" });
  }
  if (js[node.end - 1] !== ";") splices.push({ at: node.end, remove: 0, insert: ";" });
}

/** Compiles one cell; throws CellSyntaxError (with the cell's line) when it does not parse. */
export function compileCell(source: string): CompiledCell {
  const js = stripTypes(source);
  const program = parseModule(js);
  const declared: string[] = [];
  const hoisted: string[] = [];
  const splices: Splice[] = [];
  const body = program.body as (Statement | ModuleDeclaration)[];
  let hasResult = false;
  body.forEach((node: Node & (Statement | ModuleDeclaration), k) => {
    switch (node.type) {
      case "ImportDeclaration":
        splices.push(importSplices(node, declared));
        break;
      case "VariableDeclaration":
        variableSplices(node, js, declared, splices);
        break;
      case "FunctionDeclaration":
        if (node.id) {
          declared.push(node.id.name);
          hoisted.push(node.id.name);
        }
        break;
      case "ClassDeclaration":
        if (node.id) {
          declared.push(node.id.name);
          splices.push({ at: node.start, remove: 0, insert: `;${node.id.name} = ` });
          splices.push({ at: node.end, remove: 0, insert: ";" });
        }
        break;
      case "ExportNamedDeclaration":
      case "ExportDefaultDeclaration":
      case "ExportAllDeclaration":
        throw new CellSyntaxError("'export' has no meaning in a notebook cell: declare the name at the top level instead", node.loc!.start.line, node.loc!.start.column);
      case "ExpressionStatement":
        if (k === body.length - 1 && !("directive" in node && node.directive)) {
          hasResult = true;
          splices.push({ at: node.expression.start, remove: 0, insert: `;${CELL}.result((` });
          splices.push({ at: node.expression.end, remove: 0, insert: "))" });
        }
        break;
      default:
        break;
    }
  });
  let out = js;
  for (const s of splices.sort((a, b) => b.at - a.at)) out = out.slice(0, s.at) + s.insert + out.slice(s.at + s.remove);
  // Hoisted functions reach the scope before the cell's first line runs, on that same line.
  const prologue = hoisted.map((n) => `${SCOPE}.${n} = ${n};`).join(" ");
  return { body: `with (${SCOPE}) { ${prologue}${out}\n}`, declared: [...new Set(declared)], hasResult };
}
