/**
 * The Descent kernel's public surface for library code and notebooks: rich display and clearing
 * output. The kernel process itself starts from ./main (via kernel-setup/descent-kernel.js); it is
 * not exported here so that importing this module never loads zeromq or the protocol layer.
 */
export { sendDisplay, clearOutput, inKernel, OUTPUT_HOOK } from "./display";
export type { DisplayOptions, DisplayContent, OutputHook } from "./display";
