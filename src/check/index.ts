/**
 * Exercise checkers for chapter 8 (see README.md in this folder for the cell conventions):
 * `check.adagradStep(myFn)` prints a pass mark, or throws with the failing input, expected vs got,
 * and the likely mistake.
 */
export { CheckFailure, runCheck } from "./core";
export type { CheckOptions, CheckResult, CheckSpec, Mistake, Value } from "./core";
export { close, that } from "./assert";
export { claim } from "./claim";
export type { ClaimSpec } from "./claim";
export { empiricalRisk, minibatchGradient, standardError, batchSizeForError, zeroOneLoss } from "./learning";
export { largestStableLr, conditionNumber, secondOrderDecrease, clipGradientNorm } from "./challenges";
export { flipHiddenUnit, saddleIndex, backpropThroughChain, importanceWeightedGradient, pathLength, exhaustiveMinimum } from "./challenge-units";
export { sgdStep, momentumStep, nesterovStep, linearDecay, terminalSpeed } from "./basic";
export { glorotBound, heStd, orthogonalityError, gramSchmidt } from "./initialization";
export { adagradStep, rmspropStep, adamMoments, adamStep, minimumNormSolution } from "./adaptive";
export { newtonStep, cgBetaFletcherReeves, cgBetaPolakRibiere, bfgsInverseUpdate } from "./second-order";
export { batchNormForward, polyakAverage, polyakEma, coordinateDescentStep, ridgeOutputLayer, residualForward, blurredObjective } from "./strategies";
