/** `npm run doctor`: checks every prerequisite of a gate run on the configured target; exit 1 names what is missing. */
import { formatReport, runDoctor } from './doctor-checks.js';

const report = await runDoctor();
console.log(formatReport(report));
process.exit(report.checks.some((c) => c.ok === false) ? 1 : 0);
