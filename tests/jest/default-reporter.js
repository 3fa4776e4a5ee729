// jest's default progress reporter without its summary (the summary comes from totals-reporter.js).
export { DefaultReporter as default } from '@jest/reporters';
