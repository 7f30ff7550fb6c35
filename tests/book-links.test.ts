import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { withNavigation } from "../tools/lib/book-pages";

describe("book pages", () => {
  it("point notebook links at the book's pages and keep other links", () => {
    const html = '<html><body><a href="8.1-learning-vs-optimization.ipynb#x">a</a> <a href="https://x.org/a.ipynb">b</a></body></html>';
    const page = withNavigation(html, "<nav></nav>");
    expect(page).toContain('href="8.1-learning-vs-optimization.html#x"');
    expect(page).toContain('href="https://x.org/a.ipynb"');
    expect(page.indexOf("<nav></nav>")).toBe(page.indexOf("<body>") + "<body>".length + 1);
  });

  it("the start notebook links every section notebook that exists", () => {
    const dir = path.resolve(__dirname, "../notebooks");
    const start = fs.readFileSync(path.join(dir, "src", "00-start-here.ts"), "utf8");
    const sections = fs.readdirSync(dir).filter((f) => /^8\.[1-7]-.*\.ipynb$/.test(f));
    expect(sections.length).toBeGreaterThan(0);
    for (const f of sections) expect(start, `00-start-here does not link ${f}`).toContain(`](${f})`);
    for (const m of start.matchAll(/\]\(([^)]+\.ipynb)\)/g)) {
      expect(fs.existsSync(path.join(dir, m[1])), `00-start-here links a missing ${m[1]}`).toBe(true);
    }
  });
});
