/**
 * Static syntax highlighting of code cells at build time, with the same parser (lezer's TypeScript
 * dialect) and the same class names (`tok-*`, @lezer/highlight's classHighlighter) that the in-page
 * CodeMirror editor uses, so a cell looks the same before and after the reader starts editing it.
 */
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { parser } from "@lezer/javascript";

const tsParser = parser.configure({ dialect: "ts" });

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** HTML (spans with tok-* classes, newlines kept) for a TypeScript source. */
export function highlightTypeScript(code: string): string {
  let html = "";
  highlightCode(
    code,
    tsParser.parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += "\n";
    },
  );
  return html;
}
