/**
 * Server-side printing (`Accept: …;as=Table;g=meta.k8s.io`), so plain `kubectl get` shows the usual
 * STATUS / READY / COMPLETIONS columns instead of just NAME and AGE.
 */
import type { KubeObject } from './store.js';

export const wantsTable = (accept: string | undefined) => /as=Table/.test(accept ?? '');

type Column = [name: string, type: string, cell: (o: KubeObject) => string | number];

const since = (from?: string, to = Date.now()) => (from ? humanDuration(to - Date.parse(from)) : '<unknown>');
const age: Column = ['Age', 'string', (o) => since(o.metadata.creationTimestamp)];
const name: Column = ['Name', 'string', (o) => o.metadata.name];

function podStatus(p: KubeObject): string {
  for (const c of p.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated?.reason) return c.state.terminated.reason;
  }
  return p.status?.reason ?? p.status?.phase ?? 'Unknown';
}

function jobStatus(j: KubeObject): string {
  const cond = (t: string) =>
    j.status?.conditions?.some((c: { type: string; status: string }) => c.type === t && c.status === 'True');
  return cond('Complete') ? 'Complete' : cond('Failed') ? 'Failed' : j.spec?.suspend ? 'Suspended' : 'Running';
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    [
      'Ready',
      'string',
      (p) => {
        const cs = p.status?.containerStatuses ?? [];
        return `${cs.filter((c: { ready: boolean }) => c.ready).length}/${p.spec?.containers?.length ?? cs.length}`;
      },
    ],
    ['Status', 'string', podStatus],
    [
      'Restarts',
      'string',
      (p) =>
        (p.status?.containerStatuses ?? []).reduce(
          (n: number, c: { restartCount?: number }) => n + (c.restartCount ?? 0),
          0,
        ),
    ],
    age,
  ],
  Job: [
    name,
    ['Status', 'string', jobStatus],
    ['Completions', 'string', (j) => `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`],
    [
      'Duration',
      'string',
      (j) =>
        j.status?.startTime
          ? since(j.status.startTime, j.status.completionTime ? Date.parse(j.status.completionTime) : Date.now())
          : '',
    ],
    age,
  ],
  Namespace: [name, ['Status', 'string', (n) => n.status?.phase ?? ''], age],
};

export function toTable(kind: string, items: KubeObject[], metadata: object = {}) {
  const cols = COLUMNS[kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: cols.map(([n, type]) => ({
      name: n,
      type,
      format: n === 'Name' ? 'name' : '',
      description: '',
      priority: 0,
    })),
    rows: items.map((o) => ({
      cells: cols.map(([, , cell]) => cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/** k8s.io/apimachinery duration.HumanDuration, roughly. */
function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return d < 730 ? `${d}d` : `${Math.floor(d / 365)}y`;
}
