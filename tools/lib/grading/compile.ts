/**
 * Turns a notebook cell's TypeScript into a classic script for a V8 context (grader side, trusted).
 * Imports become `var d = __descentImport("./src")`, so a binding made in one cell is seen by the
 * next (as in the kernel, where cells share one scope); top-level const/let/class/function of every
 * cell share the context's global scope because each cell runs as its own script in one context.
 * Dynamic `import()` and `import.meta` are refused: in a Node vm context they reach the host realm.
 */
import * as ts from "typescript";

export const IMPORT_FUNCTION = "__descentImport";

export interface CompiledCell {
  /** JavaScript to run as a classic script, or undefined when the cell cannot run (see `problem`). */
  js?: string;
  /** Why the cell cannot run: a syntax error, or something refused (dynamic import). */
  problem?: string;
  /** True when `problem` is a refused construct (reported as a forbidden attempt), not a mistake. */
  forbidden?: boolean;
  /** Names the cell declares at top level (functions, classes, variables). */
  declares: string[];
  /** Module specifiers it imports. */
  imports: string[];
  /** The `var x = __descentImport(…)` lines its imports became. */
  prologue: string;
}

function bindingLines(decl: ts.ImportDeclaration, text: string): string[] {
  const spec = (decl.moduleSpecifier as ts.StringLiteral).text;
  const load = `${IMPORT_FUNCTION}(${JSON.stringify(spec)})`;
  const clause = decl.importClause;
  if (!clause) return [`${load};`];
  if (clause.isTypeOnly) return [];
  const lines: string[] = [];
  if (clause.name) lines.push(`var ${clause.name.text} = ${load}.default;`);
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) lines.push(`var ${named.name.text} = ${load};`);
  else if (named && ts.isNamedImports(named)) {
    for (const el of named.elements) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).getText();
      lines.push(`var ${el.name.text} = ${load}[${JSON.stringify(imported)}];`);
    }
  }
  void text;
  return lines;
}

function declaredNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  const addBinding = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name && st.name.text) names.push(st.name.text);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addBinding(d.name);
  }
  return names;
}

/** The first dynamic import or import.meta in the cell, if any (transpiling adds none). */
function dynamicImport(sf: ts.SourceFile): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) found = "import(…)";
    else if (ts.isMetaProperty(n) && n.keywordToken === ts.SyntaxKind.ImportKeyword) found = "import.meta";
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Compiles one cell. `strict` adds "use strict" (the instructor's check cells). */
export function compileCell(source: string, options: { strict?: boolean } = {}): CompiledCell {
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: string[] = [];
  const prologue: string[] = [];
  // Replace import declarations by spaces of the same length, so line numbers in errors stay right.
  let body = source;
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      imports.push(st.moduleSpecifier.text);
      prologue.push(...bindingLines(st, source));
      const start = st.getStart(sf);
      body = body.slice(0, start) + body.slice(start, st.end).replace(/[^\n]/g, " ") + body.slice(st.end);
    }
  }
  const declares = declaredNames(sf);
  const out = ts.transpileModule(body, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None, removeComments: false, isolatedModules: false },
    reportDiagnostics: true,
  });
  const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.code < 2000);
  if (syntax.length > 0) {
    const d = syntax[0];
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined;
    return { problem: `SyntaxError${line ? ` (line ${line})` : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`, declares, imports, prologue: prologue.join(" ") };
  }
  // transpileModule with module None still marks files that had import/export as modules: drop that line.
  let js = out.outputText.replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);\n/m, "");
  const refused = dynamicImport(sf);
  if (refused) return { problem: `${refused} is not available while grading`, forbidden: true, declares, imports, prologue: prologue.join(" ") };
  // On the first line, so that error line numbers match the cell's.
  js = (options.strict ? '"use strict"; ' : "") + (prologue.length ? prologue.join(" ") + " " : "") + js;
  return { js, declares, imports, prologue: prologue.join(" ") };
}
