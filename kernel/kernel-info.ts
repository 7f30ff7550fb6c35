/** kernel_info_reply content: protocol and language facts that frontends use to set up the editor. */
import * as ts from "@tslab/typescript-for-tslab";
import { PROTOCOL_VERSION } from "./wire";

const tslabVersion: string = require("tslab/package.json").version;

export function kernelInfo(implementationVersion: string): Record<string, unknown> {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "descent",
    implementation_version: implementationVersion,
    language_info: {
      name: "typescript",
      version: ts.version,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // The object form (not just "typescript") is what makes Notebook 6 and JupyterLab highlight TS.
      codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
    },
    banner: `Descent kernel — TypeScript ${ts.version} via tslab ${tslabVersion}, Node ${process.version}`,
    help_links: [],
    debugger: false,
  };
}
