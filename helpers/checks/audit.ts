import { RUN_AUDIT_TRAIL } from '../../contract/kodex.js';
import type { FlowEventRow } from '../clients/db.js';
import type { Finding } from '../clients/db-audit.js';

/** The findings as a failure message: each check, its row count, and its first rows with their ids. */
export function describeFindings(findings: Finding[]): string {
  if (!findings.length) return 'consistency audit: no offending rows';
  return `consistency audit found offending rows (${findings.map((f) => f.check).join('; ')}):\n${findings
    .map(
      (f) =>
        `- ${f.check}: ${f.total} row(s)${f.total > f.rows.length ? ` (first ${f.rows.length})` : ''}\n${f.rows.map((r) => `    ${r}`).join('\n')}`,
    )
    .join('\n')}`;
}

/** Where each event type sits in kodex's milestone order (contract RUN_AUDIT_TRAIL), or undefined for interleaved events. */
const rankOf = (type: string) => {
  const i = RUN_AUDIT_TRAIL.findIndex((m) => m.oneOf.includes(type));
  return i < 0 ? undefined : i;
};
const nameOf = (i: number) => RUN_AUDIT_TRAIL[i].oneOf.join(' | ');

/** A run's flow events read against kodex's audit trail: what is foreign, repeated, missing, or out of order. */
export function readAuditTrail(events: FlowEventRow[], run: { id: string; correlationId: string }) {
  const foreign = events
    .filter(
      (e) =>
        e.correlation_id !== run.correlationId ||
        (e.payload?.run_id && e.payload.run_id !== run.id) ||
        (e.payload?.delivery_id && e.payload.delivery_id !== run.correlationId),
    )
    .map(
      (e) =>
        `#${e.id} ${e.event_type} (run_id=${e.payload?.run_id ?? '∅'}, delivery_id=${e.payload?.delivery_id ?? '∅'})`,
    );
  const milestones = events.map((e) => ({ e, rank: rankOf(e.event_type) })).filter((m) => m.rank !== undefined) as {
    e: FlowEventRow;
    rank: number;
  }[];
  const counts = RUN_AUDIT_TRAIL.map((_, i) => milestones.filter((m) => m.rank === i).length);
  const repeated = counts.flatMap((n, i) => (n > 1 ? [`${nameOf(i)} ×${n}`] : []));
  const missing = counts.flatMap((n, i) => (n === 0 && RUN_AUDIT_TRAIL[i].required ? [nameOf(i)] : []));
  const outOfOrder = milestones.flatMap((m, i) =>
    i > 0 && m.rank < milestones[i - 1].rank ? [`${m.e.event_type} after ${milestones[i - 1].e.event_type}`] : [],
  );
  return { foreign, repeated, missing, outOfOrder, sequence: events.map((e) => e.event_type) };
}
