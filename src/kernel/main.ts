/** Entry of the Descent kernel (started by kernel-setup/descent-kernel.js). */
import { createConverter } from "tslab/dist/converter";
import { createExecutor } from "tslab/dist/executor";
import { JupyterHandlerImpl, ZmqServer } from "tslab/dist/jupyter";
import { withDirectoryImports } from "./directory-imports";

export interface KernelOptions {
  connectionFile: string;
  rootDir: string;
}

export function startKernel(options: KernelOptions): void {
  process.chdir(options.rootDir);
  const node = withDirectoryImports(createConverter({ isJS: false, isBrowser: false }));
  let browser: ReturnType<typeof createConverter> | undefined;
  const convs = {
    node,
    get browser() {
      if (!browser) browser = withDirectoryImports(createConverter({ isJS: false, isBrowser: true }));
      return browser;
    },
    close() {
      node.close();
      if (browser) browser.close();
    },
  };
  const executor = createExecutor(process.cwd(), convs, { log: console.log, error: console.error });
  const server = new ZmqServer(new JupyterHandlerImpl(executor, false), options.connectionFile);
  process.on("SIGINT", () => executor.interrupt());
  void server.init();
}
