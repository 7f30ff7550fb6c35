/** Writes adam-layout.h from ../adam-layout.ts (run after changing the layout or the variants). */
import * as fs from "fs";
import * as path from "path";
import { adamLayoutHeader } from "../adam-layout";

const file = path.join(__dirname, "adam-layout.h");
fs.writeFileSync(file, adamLayoutHeader());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
