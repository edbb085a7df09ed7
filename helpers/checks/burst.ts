import { expect } from '@playwright/test';
import { INGEST_STATUS, K8S, TERMINAL_STATUSES } from '../../contract/kodex.js';
import type { BurstRunRow } from '../clients/db.js';
import type { GateKube } from '../clients/kube.js';
import type { RepoRef } from '../clients/payloads.js';
import type { WebhookSender } from '../clients/webhook-sender.js';

/** GitHub drops a delivery whose answer takes longer than this (and marks it failed). */
const GITHUB_DELIVERY_TIMEOUT_MS = 10_000;

export interface BurstDelivery {
  deliveryId: string;
  issue: number;
  body: object;
  replay: boolean;
}
export interface Ack {
  deliveryId: string;
  issue: number;
  replay: boolean;
  status: number;
  ingest?: string;
  runId?: string;
  ms: number;
}

/** `size` trigger deliveries for fresh issues, plus a replay (same id, same bytes) of every `replayEvery`-th. */
export function burstOf(
  webhook: WebhookSender,
  issues: number[],
  replayEvery: number,
  otherLabels: string[],
  repo?: RepoRef,
): BurstDelivery[] {
  const originals = issues.map((issue) => ({
    deliveryId: webhook.newDeliveryId(),
    issue,
    body: webhook.triggerBody({ issue, otherLabels, repo }),
    replay: false,
  }));
  const replays = originals.filter((_, i) => i % replayEvery === 0).map((d) => ({ ...d, replay: true }));
  return [...originals, ...replays];
}

/** Sends every delivery at once and times each answer. */
export async function fire(webhook: WebhookSender, deliveries: BurstDelivery[]): Promise<Ack[]> {
  return Promise.all(
    deliveries.map(async (d) => {
      const t0 = performance.now();
      const res = await webhook.send({ event: 'issues', body: d.body, deliveryId: d.deliveryId });
      return {
        deliveryId: d.deliveryId,
        issue: d.issue,
        replay: d.replay,
        status: res.status,
        ingest: res.json?.status,
        runId: res.json?.run_id,
        ms: performance.now() - t0,
      };
    }),
  );
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function latencySummary(acks: Ack[]) {
  const ms = acks.map((a) => a.ms);
  const round = (n: number) => Math.round(n);
  return {
    deliveries: acks.length,
    p50_ms: round(percentile(ms, 50)),
    p95_ms: round(percentile(ms, 95)),
    max_ms: round(Math.max(...ms)),
  };
}

/** Answers that GitHub would count as failed: not 2xx, or later than its 10 s window. */
export function lateOrFailedAnswers(acks: Ack[]): string[] {
  return acks
    .filter((a) => a.ms > GITHUB_DELIVERY_TIMEOUT_MS || ![200, 202].includes(a.status))
    .map((a) => `${a.deliveryId}${a.replay ? ' (replay)' : ''}: ${a.status} after ${Math.round(a.ms)} ms`);
}

/** Distinct deliveries not accepted exactly once, or whose answers (original and replays) name different runs. */
export function deliveriesNotAcceptedOnce(acks: Ack[]): string[] {
  const by = new Map<string, Ack[]>();
  for (const a of acks) by.set(a.deliveryId, [...(by.get(a.deliveryId) ?? []), a]);
  return [...by]
    .filter(
      ([, answers]) =>
        answers.filter((a) => a.ingest === INGEST_STATUS.accepted).length !== 1 ||
        new Set(answers.map((a) => a.runId)).size !== 1,
    )
    .map(([id, answers]) => `${id}: ${answers.map((a) => `${a.status} ${a.ingest} ${a.runId}`).join(' / ')}`);
}

/** Runs whose run.started was written by more than one worker, or more than once. */
export const runsStartedTwice = (runs: BurstRunRow[]) =>
  runs.filter((r) => r.starters.length > 1).map((r) => `${r.id} started by ${r.starters.join(' and ')}`);
export const runsNotStartedOnce = (runs: BurstRunRow[]) =>
  runs.filter((r) => r.starters.length !== 1).map((r) => `${r.id}: ${r.starters.length} run.started`);
export const unfinishedRuns = (runs: BurstRunRow[]) =>
  runs.filter((r) => !TERMINAL_STATUSES.includes(r.status)).map((r) => `${r.id} ${r.status}`);
/** Issues of the burst that did not produce exactly one run. */
export const issuesWithoutOneRun = (runs: BurstRunRow[], issues: number[]) =>
  issues
    .map((issue) => ({ issue, n: runs.filter((r) => r.issue === issue).length }))
    .filter((x) => x.n !== 1)
    .map((x) => `issue #${x.issue}: ${x.n} runs`);

export interface BurstProgress {
  runs: BurstRunRow[];
  terminal: number;
  doubleStarted: BurstRunRow[];
  outcome: 'all terminal' | 'double start' | 'stalled' | 'in flight' | `over its budget of ${number} ms`;
}

/**
 * Awaits the burst's runs: until every one of `expected` runs is terminal, or, earlier, a run is started
 * twice (the wrong end) or no run has ended for `stallMs` (the queue stopped). Bounded by `budgetMs`.
 */
export async function awaitBurst(
  read: () => Promise<BurstRunRow[]>,
  expected: number,
  o: { budgetMs: number; stallMs: number; eachLook?: () => Promise<void> },
): Promise<BurstProgress> {
  let last: BurstProgress = { runs: [], terminal: 0, doubleStarted: [], outcome: 'in flight' };
  let progressAt = Date.now();
  // Past the budget the burst is reported, not thrown: the caller's checks say what went wrong (a slot invariant
  // broken on the way is a sharper first error than "too slow"), and its unfinished runs fail it all the same.
  await expect
    .poll(
      async () => {
        const [runs] = await Promise.all([read(), o.eachLook?.()]);
        const terminal = runs.filter((r) => TERMINAL_STATUSES.includes(r.status)).length;
        if (terminal > last.terminal) progressAt = Date.now();
        const doubleStarted = runs.filter((r) => r.starters.length > 1);
        const outcome = doubleStarted.length
          ? 'double start'
          : runs.length >= expected && terminal === runs.length
            ? 'all terminal'
            : Date.now() - progressAt > o.stallMs
              ? 'stalled'
              : 'in flight';
        last = { runs, terminal, doubleStarted, outcome };
        return outcome !== 'in flight';
      },
      {
        message: `the ${expected} runs of the burst end (budget ${o.budgetMs} ms, no progress for ${o.stallMs} ms stops it)`,
        timeout: o.budgetMs,
        intervals: [250, 500],
      },
    )
    .toBe(true)
    .catch(() => {
      last = { ...last, outcome: `over its budget of ${o.budgetMs} ms` };
    });
  return last;
}

/** How many runs each worker (run.started actor_id) started: the work is shared when more than one appears. */
export function startsByWorker(runs: BurstRunRow[]): Record<string, number> {
  const count: Record<string, number> = {};
  for (const actor of runs.flatMap((r) => r.starters)) count[actor] = (count[actor] ?? 0) + 1;
  return count;
}

/**
 * The Jobs each run of the burst had, tallied at every look while the burst runs: a Job the platform deletes
 * after its TTL (KODEX_WORKER_JOB_TTL_SECONDS, short on a gate staging) still counts once it was seen.
 */
export class JobTally {
  private readonly seen = new Map<string, Set<string>>();
  constructor(
    private readonly kube: GateKube,
    private readonly projectId: string,
  ) {}

  async look(): Promise<void> {
    const jobs = await this.kube.jobsWithLabels({
      [K8S.labels.managedBy]: K8S.labelValues.managedBy,
      [K8S.labels.projectId]: this.projectId,
    });
    for (const job of jobs) {
      const run = job.metadata?.labels?.[K8S.labels.runId] ?? '';
      this.seen.set(run, (this.seen.get(run) ?? new Set()).add(job.metadata?.uid ?? job.metadata?.name ?? ''));
    }
  }

  /** Runs without exactly one Job labelled with their run id, over every look. */
  runsWithoutOneJob(runs: BurstRunRow[]): string[] {
    return runs
      .map((r) => [r.id, this.seen.get(r.id)?.size ?? 0] as const)
      .filter(([, n]) => n !== 1)
      .map(([id, n]) => `${id}: ${n} Jobs`);
  }
}
