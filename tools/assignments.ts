/**
 * `npm run assignments [-- --source <dir|file.ipynb> --out <dir>]`: student editions of the instructor
 * notebooks (solutions → "not implemented" stubs, hidden tests removed, outputs cleared, locked cells
 * marked) in build/student/, and one release archive per section in build/student/release/.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { leaksInstructorText, readNotebook, studentEdition } from "./lib/classroom-notebook";
import { PROJECT_ROOT, chapterOrder } from "./lib/execute";

function parseArgs(argv: string[]): { source: string; out: string } {
  const args = { source: path.join(PROJECT_ROOT, "notebooks"), out: path.join(PROJECT_ROOT, "build", "student") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if ((a === "--source" || a === "--out") && v !== undefined) {
      args[a === "--source" ? "source" : "out"] = path.resolve(v);
      i++;
    } else throw new Error(`assignments: unknown or incomplete option '${a}' (allowed: --source <dir|file>, --out <dir>)`);
  }
  if (!fs.existsSync(args.source)) throw new Error(`assignments: parameter '--source' must be a folder or .ipynb file, got ${args.source}`);
  return args;
}

function instructorNotebooks(source: string): string[] {
  if (fs.statSync(source).isFile()) return [source];
  return chapterOrder(fs.readdirSync(source).filter((f) => f.endsWith(".ipynb"))).map((f) => path.join(source, f));
}

/** A zip when `zip` is installed (what LMSs take), else a .tar.gz; both from Debian's base tools. */
function archive(dir: string, file: string, releaseDir: string): string {
  const stem = path.basename(file, ".ipynb");
  try {
    const target = path.join(releaseDir, `${stem}.zip`);
    execFileSync("zip", ["-q", "-X", "-j", target, file], { stdio: "pipe" });
    return target;
  } catch {
    const target = path.join(releaseDir, `${stem}.tar.gz`);
    execFileSync("tar", ["-czf", target, "-C", dir, path.basename(file)], { stdio: "pipe" });
    return target;
  }
}

function main(): void {
  const { source, out } = parseArgs(process.argv.slice(2));
  // Only this tool writes here: start clean so no stale (or instructor) file survives.
  fs.rmSync(out, { recursive: true, force: true });
  const releaseDir = path.join(out, "release");
  fs.mkdirSync(releaseDir, { recursive: true });
  const files = instructorNotebooks(source);
  for (const file of files) {
    const name = path.basename(file);
    const student = studentEdition(readNotebook(file), name);
    if (leaksInstructorText(student)) throw new Error(`assignments: ${name}: a solution or hidden-test marker survived; not writing it`);
    const target = path.join(out, name);
    fs.writeFileSync(target, JSON.stringify(student, null, 1) + "\n");
    const zip = archive(out, target, releaseDir);
    const exercises = student.cells.filter((c) => c.metadata?.nbgrader?.solution).length;
    console.log(`${path.relative(process.cwd(), target)}: ${exercises} exercise(s); release ${path.relative(process.cwd(), zip)}`);
  }
  console.log(`${files.length} student edition(s) in ${path.relative(process.cwd(), out) || "."}`);
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
