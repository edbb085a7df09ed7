import { publishReleaseCheck, type ReleaseCheck } from '../helpers/clients/github-checks.js';
import type { GateConfig } from '../helpers/runner/config.js';
import { readMatrix } from '../helpers/runner/matrix.js';
import { GO_RULE, type Verdict } from '../helpers/runner/verdict.js';
import type { Entry } from './report-writer.js';

/** The check's text: the decision, the failed gate items with their first error, the GO rule, the report. */
function releaseCheck(verdict: Verdict, entries: Entry[], reportUrl?: string): ReleaseCheck {
  const matrix = readMatrix();
  const failed = entries.filter((e) => e.ran !== false && (e.outcome === 'unexpected' || e.outcome === 'flaky'));
  const items = failed.map((e) => {
    const row = matrix.find((r) => r.id === e.id);
    return `| ${row?.gateItem ?? '-'} | ${e.id ?? e.title} | ${e.outcome === 'flaky' ? 'flaky' : 'failed'} | ${(e.error ?? '').replace(/\|/g, '\\|')} |`;
  });
  const title =
    verdict.decision === 'GO'
      ? `GO: @critical ${verdict.critical.passed}/${verdict.critical.total} passed first try`
      : `${verdict.decision}: ${failed.map((e) => e.id ?? e.title).join(', ') || verdict.reasons[0] || `not run: ${verdict.not_run.join(', ')}`}`;
  const summary = [
    `**${verdict.decision}**`,
    '',
    ...(verdict.reasons.length ? ['Reasons:', ...verdict.reasons.map((r) => `- ${r}`), ''] : []),
    ...(verdict.not_run.length ? [`Not run: ${verdict.not_run.join(', ')}`, ''] : []),
    ...(items.length ? ['| Gate item | Scenario | Status | First error |', '|---|---|---|---|', ...items, ''] : []),
    `The GO rule: ${GO_RULE}`,
    '',
    reportUrl
      ? `[The regression report](${reportUrl})`
      : "The regression report is in the run's artifacts (gate-report/, allure-report/).",
  ].join('\n');
  return { decision: verdict.decision, title, summary, reportUrl };
}

/** Publishes the verdict on GATE_RELEASE_SHA when one is given; returns what it did, or undefined. */
export async function publishVerdict(cfg: GateConfig, verdict: Verdict, entries: Entry[]): Promise<string | undefined> {
  if (!cfg.GATE_RELEASE_SHA || !cfg.GATE_GITHUB_TOKEN) return undefined;
  return publishReleaseCheck({
    apiUrl: cfg.GATE_GITHUB_API_URL,
    token: cfg.GATE_GITHUB_TOKEN,
    repo: cfg.GATE_REPO,
    sha: cfg.GATE_RELEASE_SHA,
    check: releaseCheck(verdict, entries, cfg.GATE_REPORT_URL),
  });
}
