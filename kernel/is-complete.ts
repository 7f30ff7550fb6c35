/**
 * is_complete for a console: "complete" (run it), "incomplete" (wait for more lines, with an
 * indent) or "invalid" (running would only give a syntax error).
 */
import * as ts from "@tslab/typescript-for-tslab";
import { isCompleteCode } from "tslab/dist/converter";

export type IsComplete = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

// Errors at the end of the text that more input can still fix.
const OPEN_AT_END = new Set([
  1002, // Unterminated string literal (only when continued by a backslash-newline)
  1010, // '*/' expected
  1160, // Unterminated template literal
  1161, // Unterminated regular expression literal
]);

function syntaxDiagnostics(code: string): readonly ts.Diagnostic[] {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return (file as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

export function isComplete(code: string): IsComplete {
  if (typeof code !== "string") {
    throw new Error(`isComplete: parameter 'code' must be a string, got ${typeof code}`);
  }
  const diagnostics = syntaxDiagnostics(code);
  if (diagnostics.length === 0) return { status: "complete" };
  const tslab = isCompleteCode(code);
  if (!tslab.completed) return { status: "incomplete", indent: tslab.indent ?? "" };
  const end = code.length;
  const onlyOpenAtEnd = diagnostics.every((d) => OPEN_AT_END.has(d.code) && (d.start ?? 0) + (d.length ?? 0) >= end);
  if (onlyOpenAtEnd && !/\n\s*\n\s*$/.test(code)) return { status: "incomplete", indent: "" };
  return { status: "invalid" };
}
