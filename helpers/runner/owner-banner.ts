import type { SinceLastGo } from './gate-history.js';
import { gateGroup, readMatrix } from './matrix.js';
import type { GateRunRecord } from './report-inputs.js';
import { GO_RULE } from './verdict.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const list = (items: string[], empty: string) =>
  items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : `<p>${esc(empty)}</p>`;

/** The report's name: the decision first, so the browser tab and the header say it. */
export function reportName(run: GateRunRecord): string {
  const v = run.verdict;
  if (!v) return 'kodex-gate NO VERDICT: these results carry none (not a gate run)';
  const failed = failedScenarios(run).map((f) => f.id);
  const why =
    v.decision === 'GO'
      ? 'every @critical scenario passed'
      : failed.length
        ? `${failed.join(', ')} failed`
        : (v.reasons[0] ?? v.not_run.join(', '));
  return `kodex-gate ${v.decision}: ${why}`.slice(0, 160);
}

function failedScenarios(run: GateRunRecord) {
  const matrix = readMatrix();
  return (run.results?.entries ?? [])
    .filter((e) => e.ran !== false && (e.outcome === 'unexpected' || e.outcome === 'flaky'))
    .map((e) => {
      const row = matrix.find((r) => r.id === e.id);
      return {
        ...e,
        id: e.id ?? e.title,
        gateItem: row?.gateItem ?? 'no gate item',
        group: row ? gateGroup(row.gateItem) : '',
      };
    });
}

/**
 * The owner's first screen, above Allure's own: the decision with its reasons, the failed gate items with their
 * first error and run_id, what is new since the last GO, the GO rule, and the full regression report.
 */
export function ownerBanner(run: GateRunRecord, history: SinceLastGo): string {
  const v = run.verdict;
  const decision = v?.decision ?? 'NO VERDICT';
  const css = decision === 'GO' ? 'go' : decision === 'INCOMPLETE' ? 'incomplete' : 'nogo';
  const failed = failedScenarios(run).map(
    (f) =>
      `<b>${esc(f.gateItem)}</b> · ${esc(f.id)} ${f.outcome === 'flaky' ? '(flaky)' : 'failed'}: ${esc(f.error ?? 'no error recorded')}` +
      `${f.runIds.length ? ` <span class="kg-meta">run_id ${esc(f.runIds.join(', '))}</span>` : ''}`,
  );
  const since = history.lastGo
    ? `Since the last GO (${esc(history.lastGo.finished_at ?? history.lastGo.started_at)}, ${history.runsSince} run(s) between)`
    : 'Since the last GO (none in the history yet: compared with nothing)';
  const change = (label: string, ids: string[]) => `<li>${label}: ${ids.length ? esc(ids.join(', ')) : 'none'}</li>`;
  return `<section id="kodex-gate-verdict" data-testid="gate-verdict" class="kg-${css}">
<div class="kg-head"><span class="kg-decision" data-testid="gate-decision">${esc(decision)}</span>
<span class="kg-meta">kodex-gate · target ${esc(v?.target ?? 'unknown')} · ${esc(v?.started_at ?? '')} → ${esc(v?.finished_at ?? '')}
${v ? ` · @critical ${v.critical.passed}/${v.critical.total} passed first try` : ''}${v?.suite_commit ? ` · suite ${esc(v.suite_commit.slice(0, 12))}` : ''}</span></div>
<div class="kg-cols"><div><h2>Reasons</h2>${list((v?.reasons ?? ['these results carry no gate verdict']).map(esc), 'None: every @critical scenario ran and passed on its first try.')}
${v?.not_run.length ? `<h2>Not run</h2><p>${esc(v.not_run.join(', '))}</p>` : ''}
<h2>Failed gate items</h2>${list(failed, 'None.')}</div>
<div><h2>${since}</h2><ul data-testid="gate-since-last-go">${change('New failures', history.newFailures)}${change('Fixed', history.fixed)}${change('Flaky', history.flaky)}</ul>
<h2>The GO rule</h2><p>${esc(GO_RULE)}</p></div></div>
<details data-testid="gate-regression-report"><summary>Full regression report (gate-report/regression-report.md)</summary><pre>${esc(run.regressionReport ?? 'none attached')}</pre></details>
</section>`;
}

export const BANNER_STYLE = `
#kodex-gate-verdict{font:14px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",sans-serif;padding:12px 20px;border-bottom:4px solid;color:#111827}
#kodex-gate-verdict.kg-go{background:#ecfdf3;border-color:#16a34a}#kodex-gate-verdict.kg-nogo{background:#fef2f2;border-color:#dc2626}
#kodex-gate-verdict.kg-incomplete{background:#fffbeb;border-color:#d97706}
.kg-head{display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}.kg-decision{font-size:32px;font-weight:800}
.kg-go .kg-decision{color:#15803d}.kg-nogo .kg-decision{color:#b91c1c}.kg-incomplete .kg-decision{color:#b45309}
.kg-meta{color:#4b5563;font-size:12px}.kg-cols{display:grid;grid-template-columns:3fr 2fr;gap:24px}
#kodex-gate-verdict h2{font-size:14px;margin:10px 0 4px}#kodex-gate-verdict ul{margin:0;padding-left:18px}#kodex-gate-verdict p{margin:0}
#kodex-gate-verdict pre{white-space:pre-wrap;max-height:none;background:#fff;padding:8px;border:1px solid #e5e7eb}
[data-testid="tree-leaf-title"],[data-testid="tree-section-title"]{white-space:normal!important;overflow:visible!important;text-overflow:clip!important}
`;
