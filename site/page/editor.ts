/**
 * The cell editor (bundled as assets/editor.js, loaded the first time the reader edits a cell): CodeMirror 6
 * with TypeScript highlighting through the same `tok-*` classes as the build-time highlighting, so a cell
 * looks the same before and after it becomes editable. Shift+Enter runs the cell, as in Jupyter; Tab leaves
 * the editor (keyboard users are not trapped), Ctrl+] / Ctrl+[ indent.
 */
import { minimalSetup } from "codemirror";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

export interface CellEditor {
  getValue(): string;
  setValue(text: string): void;
  focus(): void;
}

export interface EditorOptions {
  readOnly: boolean;
  onChange(text: string): void;
  onRun(): void;
}

export function createEditor(host: HTMLElement, text: string, options: EditorOptions): CellEditor {
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: text,
      extensions: [
        Prec.highest(keymap.of([{ key: "Shift-Enter", run: () => { options.onRun(); return true; } }])),
        minimalSetup,
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        EditorView.lineWrapping,
        EditorState.tabSize.of(2),
        EditorState.readOnly.of(options.readOnly),
        EditorView.editable.of(!options.readOnly),
        EditorView.contentAttributes.of({ "aria-label": "Code cell", spellcheck: "false" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (t) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } }),
    focus: () => view.focus(),
  };
}
