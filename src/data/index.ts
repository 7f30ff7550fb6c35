/** Data sets of the workbook (see data/README.md for sources and licences). */
export { loadDigits, readDigitsCsv, stratifiedSplit, digitsFile, DIGIT_FEATURES, DIGIT_CLASSES } from "./digits";
export type { Digits, DigitsOptions } from "./digits";
