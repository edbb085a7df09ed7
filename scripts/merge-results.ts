import type { RunResults } from '../reporters/report-writer.js';

const STATUS_RANK = ['passed', 'failed', 'timedout', 'interrupted'];

/**
 * One run's results from its shards: every test outcome and every problem of every shard, the worst
 * status, and a problem for each shard that is missing or doubled. The merged run is not a shard, so
 * its verdict is the one an unsharded run of the same tests would get.
 */
export function mergeResults(shards: RunResults[]): RunResults {
  if (!shards.length) throw new Error('merge: no shard results given');
  const problems = shards.flatMap((s) =>
    s.problems.map((p) => (s.shard ? `shard ${s.shard.current}/${s.shard.total}: ${p}` : p)),
  );
  const total = shards[0].shard?.total ?? 1;
  const seen = shards.map((s) => s.shard?.current ?? 1);
  for (let i = 1; i <= total; i++) {
    const n = seen.filter((c) => c === i).length;
    if (n !== 1)
      problems.push(n ? `shard ${i}/${total} was given ${n} times` : `shard ${i}/${total} is missing from the merge`);
  }
  if (shards.some((s) => (s.shard?.total ?? 1) !== total)) problems.push('the shards disagree on the shard count');
  const commits = new Set(shards.map((s) => s.target.suiteCommit));
  const targets = new Set(shards.map((s) => `${s.target.target} ${s.target.baseUrl ?? ''}`));
  if (commits.size > 1 || targets.size > 1)
    problems.push(`the shards ran different suites or targets: ${[...commits, ...targets].join(', ')}`);
  const status = shards
    .map((s) => s.status)
    .reduce((a, b) => (STATUS_RANK.indexOf(b) > STATUS_RANK.indexOf(a) ? b : a));
  return {
    version: 1,
    shard: null,
    status,
    problems,
    entries: shards.flatMap((s) => s.entries),
    target: shards[0].target,
    started_at: shards.map((s) => s.started_at).sort()[0],
    finished_at: shards
      .map((s) => s.finished_at)
      .sort()
      .at(-1)!,
  };
}
