/**
 * One code cell on the page: its source (book's, or the reader's edit kept in storage), its editor (created
 * on first edit), its prompt and output area, and for exercises its solution and check verdict.
 */
import type { CellEditor } from "./editor";
import { OutputArea } from "./outputs";
import type { PageStore } from "./storage";

type EditorModule = typeof import("./editor");
let editorModule: Promise<EditorModule> | null = null;

/** CodeMirror arrives on the first edit (a separate chunk): pages that are only read never load it. */
export function loadEditor(): Promise<EditorModule> {
  if (!editorModule) editorModule = import("./editor");
  return editorModule;
}

export interface CellMeta {
  index: number;
  /** Stable key for storage: the nbformat cell id, else the index. */
  key: string;
  gradeId?: string;
  isCheck: boolean;
  locked: boolean;
}

export class CodeCell {
  readonly area: OutputArea;
  source: string;
  executionCount: number | null = null;
  private editor: CellEditor | null = null;
  private activating: Promise<CellEditor> | null = null;
  private readonly host: HTMLElement;
  private readonly prompt: HTMLElement;
  private readonly resetButton: HTMLButtonElement;

  constructor(
    readonly section: HTMLElement,
    readonly meta: CellMeta,
    readonly original: string,
    private readonly store: PageStore,
    private readonly runMe: () => void,
  ) {
    this.area = new OutputArea(section.querySelector<HTMLElement>(".outputs")!);
    this.host = section.querySelector<HTMLElement>(".editor")!;
    this.prompt = section.querySelector<HTMLElement>(".prompt")!;
    this.resetButton = section.querySelector<HTMLButtonElement>("button.reset")!;
    const saved = store.editedSource(meta.key);
    this.source = saved ?? original;
    if (saved !== null && saved !== original) this.showEdited(saved);
    const pre = this.host.querySelector("pre");
    if (pre) {
      pre.tabIndex = 0;
      pre.title = meta.locked ? "Locked: the grader always uses the book's version of this cell" : "Click to edit";
      pre.addEventListener("click", () => void this.activate());
      pre.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && e.shiftKey) {
          e.preventDefault();
          this.runMe();
        } else if (e.key === "Enter") {
          e.preventDefault();
          void this.activate();
        }
      });
    }
    this.resetButton.addEventListener("click", () => this.setSource(this.original));
  }

  /** A stored edit, shown as plain text until the editor loads (it then gets highlighted). */
  private showEdited(text: string): void {
    const code = this.host.querySelector("pre code");
    if (code) code.textContent = text;
    this.section.classList.add("edited");
    this.resetButton.hidden = false;
  }

  get edited(): boolean {
    return this.source !== this.original;
  }

  /** Replaces the editor's static code with CodeMirror (once). */
  activate(focus = true): Promise<CellEditor> {
    if (this.editor) {
      if (focus) this.editor.focus();
      return Promise.resolve(this.editor);
    }
    if (!this.activating) {
      this.activating = loadEditor().then((m) => {
        this.host.textContent = "";
        this.editor = m.createEditor(this.host, this.source, {
          readOnly: this.meta.locked,
          onChange: (text) => this.changed(text),
          onRun: this.runMe,
        });
        return this.editor;
      });
    }
    return this.activating.then((ed) => {
      if (focus) ed.focus();
      return ed;
    });
  }

  private changed(text: string): void {
    this.source = text;
    this.section.classList.toggle("edited", this.edited);
    this.resetButton.hidden = !this.edited;
    this.store.saveSource(this.meta.key, this.edited ? text : null);
  }

  /** Sets the code (page API, "use this solution", "Reset cell"); kept in storage unless it is the book's. */
  setSource(text: string): void {
    if (this.editor) this.editor.setValue(text);
    else {
      const code = this.host.querySelector("pre code");
      if (code) code.textContent = text;
    }
    this.changed(text);
  }

  setPrompt(state: "queued" | "running" | "done" | "idle"): void {
    this.prompt.textContent = state === "queued" || state === "running" ? "[*]:" : state === "done" && this.executionCount !== null ? `[${this.executionCount}]:` : "[ ]:";
    this.section.classList.toggle("running", state === "running");
  }

  showVerdict(passed: boolean | undefined): void {
    let badge = this.section.querySelector<HTMLElement>(".verdict");
    if (passed === undefined) {
      badge?.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "verdict";
      this.section.querySelector(".cell-tools")!.appendChild(badge);
    }
    badge.textContent = passed ? "✔ check passed" : "✘ not passed yet";
    badge.classList.toggle("passed", passed);
  }
}
