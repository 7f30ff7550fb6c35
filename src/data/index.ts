/** Data sets of the workbook (see data/README.md for sources and licences). */
export { loadDigits, DIGITS_FILE } from "./digits";
export type { Digits, DigitsOptions } from "./digits";
export { loadFashionMnist, parseIdx, parseImagesAndLabels, stratifiedHoldout, FASHION_CLASS_NAMES, FASHION_FILES } from "./fashion-mnist";
export type { FashionMnist, FashionMnistOptions } from "./fashion-mnist";
