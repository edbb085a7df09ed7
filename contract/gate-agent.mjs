/**
 * The gate agent's protocol: the issue labels it obeys and the env it reads. Plain JS so the agent image
 * (node, no build step) and the TypeScript suite and stand share one definition (types: gate-agent.d.mts).
 * Label names stay within GitHub's 50-character limit.
 */
export const GATE_AGENT = {
  prefix: 'kodex-gate/',
  labels: {
    succeed: 'kodex-gate/outcome:succeed',
    fail: 'kodex-gate/outcome:fail',
    crashLoop: 'kodex-gate/crash-loop',
    /** Keep running until this label is removed (bounded: the duration label, else holdMaxMs), then exit. */
    hold: 'kodex-gate/hold',
    exitCode: (n) => `kodex-gate/exit-code:${n}`,
    durationMs: (n) => `kodex-gate/duration-ms:${n}`,
    log: (text) => `kodex-gate/log:${text}`,
  },
  env: {
    /** GitHub REST base URL (default https://api.github.com); kodex gives the Job none, so the image sets it. */
    githubApiUrl: 'GATE_AGENT_GITHUB_API_URL',
    /** How long a run with no duration label takes (default 0). */
    defaultDurationMs: 'GATE_AGENT_DEFAULT_DURATION_MS',
    /** How often a held agent re-reads its issue's labels (default holdPollMs). */
    pollMs: 'GATE_AGENT_POLL_MS',
  },
  /** A held agent's poll interval when GATE_AGENT_POLL_MS is unset: gentle on GitHub's rate limit. */
  holdPollMs: 2_000,
  /** How long a run held with no duration label may stay held: a forgotten hold never runs forever. */
  holdMaxMs: 600_000,
  /** The image the local stand's kubelet knows as the gate agent. */
  standImage: 'ghcr.io/codex-k8s/kodex-gate-agent:stand',
  maxLabelLength: 50,
};

/** The labels that ask the agent for an outcome. */
export function outcomeLabels(o = {}) {
  const out = [];
  if (o.outcome === 'fail') out.push(GATE_AGENT.labels.fail);
  if (o.outcome === 'succeed') out.push(GATE_AGENT.labels.succeed);
  if (o.outcome === 'crash-loop') out.push(GATE_AGENT.labels.crashLoop);
  if (o.hold) out.push(GATE_AGENT.labels.hold);
  if (o.exitCode !== undefined) out.push(GATE_AGENT.labels.exitCode(o.exitCode));
  if (o.durationMs !== undefined) out.push(GATE_AGENT.labels.durationMs(o.durationMs));
  for (const line of o.log ?? []) out.push(GATE_AGENT.labels.log(line));
  const tooLong = out.find((l) => l.length > GATE_AGENT.maxLabelLength);
  if (tooLong)
    throw new Error(`gate agent label "${tooLong}" is longer than GitHub's ${GATE_AGENT.maxLabelLength} characters`);
  return out;
}

/**
 * The labels to remove, in this order, to release a run held with these outcome options: its bound first, so an agent
 * that reads its labels only after the release (no hold left) takes the default duration, not the bound; then the hold.
 */
export function releaseLabels(o = {}) {
  return [...(o.durationMs !== undefined ? [GATE_AGENT.labels.durationMs(o.durationMs)] : []), GATE_AGENT.labels.hold];
}

const INT = /^\d{1,9}$/;

/**
 * What the agent does for a set of label names; unknown labels are listed, not obeyed. A held plan's durationMs is
 * the hold's bound: the duration label, else holdMaxMs (never the image's default duration).
 */
export function planFromLabels(names, defaultDurationMs = 0) {
  const plan = { exitCode: 0, durationMs: defaultDurationMs, hold: false, crashLoop: false, log: [], ignored: [] };
  let explicitExit;
  let explicitDuration;
  for (const name of names) {
    const [key, ...rest] = name.slice(GATE_AGENT.prefix.length).split(':');
    const value = rest.join(':');
    if (!name.startsWith(GATE_AGENT.prefix)) continue;
    if (name === GATE_AGENT.labels.fail) plan.exitCode = plan.exitCode || 1;
    else if (name === GATE_AGENT.labels.succeed) {
      /* the default */
    } else if (name === GATE_AGENT.labels.crashLoop) plan.crashLoop = true;
    else if (name === GATE_AGENT.labels.hold) plan.hold = true;
    else if (key === 'exit-code' && INT.test(value) && Number(value) <= 255) explicitExit = Number(value);
    else if (key === 'duration-ms' && INT.test(value)) explicitDuration = Number(value);
    else if (key === 'log' && value) plan.log.push(value);
    else plan.ignored.push(name);
  }
  if (explicitExit !== undefined) plan.exitCode = explicitExit;
  if (explicitDuration !== undefined) plan.durationMs = explicitDuration;
  else if (plan.hold) plan.durationMs = GATE_AGENT.holdMaxMs;
  if (plan.crashLoop) plan.exitCode = plan.exitCode || 1;
  plan.hold = plan.hold && !plan.crashLoop; // a crash-loop crashes at once, held or not
  return plan;
}
