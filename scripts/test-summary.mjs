// Prints vitest's JSON reports (one or more runs: .ci/run's whole suite and its second unit run) as the one plain
// closing line CI reads: "N passed, N failed, N skipped", summed over the runs.
import { readFileSync } from 'node:fs';

const reports = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));
const sum = (count) => reports.reduce((total, report) => total + count(report), 0);
const passed = sum((report) => report.numPassedTests);
const failed = sum((report) => report.numFailedTests);
const skipped = sum((report) => (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0));
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
