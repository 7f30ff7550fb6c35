/**
 * The reader's exercise progress as the toolbar shows it, shared by the page (which updates it) and the
 * generator (which writes it into the HTML at 0 passed, so the toolbar has its final height before any
 * script runs and nothing below it moves when the count appears).
 */

/** nbgrader metadata of a cell, as far as the page reads it. */
export type NbgraderMeta = { grade?: boolean; solution?: boolean; grade_id?: string };

/** A check cell counts towards progress: graded, not a solution, with a grade_id. */
export const isCheckCell = (m: NbgraderMeta | undefined): boolean => m?.grade === true && m.solution !== true && m.grade_id !== undefined;

export const progressText = (passed: number, total: number): string => `Exercises: ${passed}/${total} checks passed`;
