/** Data sets of the workbook (see data/README.md for sources and licences). */
export { loadDigits, parseDigitsCsv, stratifiedSplit, DIGITS_FILE, DIGIT_FEATURES, DIGIT_CLASSES } from "./digits";
export type { Digits, DigitsOptions } from "./digits";
export { loadFashionMnist, parseIdx, parseImagesAndLabels, stratifiedHoldout, FASHION_CLASS_NAMES, FASHION_FILES } from "./fashion-mnist";
export type { FashionMnist, FashionMnistOptions } from "./fashion-mnist";
