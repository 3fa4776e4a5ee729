// jest's own summary ("Tests: N passed, N total"), then one plain line "N passed, N failed", so that a
// reader of CI's log sees the totals without parsing the coloured summary (README "Tests"). jest always
// prints its summary after every other reporter, so this reporter is the summary, extended.
import { SummaryReporter } from '@jest/reporters';

export default class TotalsReporter extends SummaryReporter {
  async onRunComplete(contexts, results) {
    await super.onRunComplete(contexts, results);
    process.stderr.write(`${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
