import { errorSummary } from '../reporters/gate-reporter.js';
console.log(errorSummary('Error: the Run Details page shows the run as failed (its status chip)\n\n\x1b[2mExpected: \x1b[22m"failed"\nReceived: "succeeded"\n\nCall Log'));
