/**
 * Plotly figures from TypeScript. Each builder returns a Figure; `fig.show()` (or a cell ending in the
 * figure, on the Descent kernel) makes ONE output with Plotly JSON, offline HTML and a one-line text.
 */
export { Figure, show } from "./figure";
export type { FigureSpec, Frame } from "./figure";
export { lines, scatter } from "./lines";
export type { Series, LinesOptions } from "./lines";
export { contour, linspace } from "./contour";
export type { ContourOptions, Path2D } from "./contour";
export { heatmap } from "./heatmap";
export type { HeatmapOptions } from "./heatmap";
export { bar } from "./bar";
export type { BarOptions } from "./bar";
export { slider } from "./slider";
export type { SliderOptions, SliderStep } from "./slider";
export { live, progress } from "./live";
export type { LiveChart, LiveOptions, Progress } from "./live";
export { palette } from "./theme";
// Outputs of a session without a kernel (tests, tools that render notebooks): every display goes to a sink.
export { captureDisplays } from "./output";
export type { DisplayMessage, MimeBundle } from "./output";
// The display hook, for any rich output (not only figures): one display_data with several MIME types.
export { sendDisplay, clearOutput, inKernel } from "./display-hook";
export type { DisplayOptions } from "./display-hook";
export { surface, gridContour } from "./surface";
export type { GridPlotOptions } from "./surface";
