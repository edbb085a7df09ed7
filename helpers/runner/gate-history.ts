import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export type ScenarioStatus = 'passed' | 'failed' | 'flaky' | 'skipped' | 'not run';
/** One gate run as the history keeps it: its decision and each scenario's status. */
export interface HistoryEntry {
  started_at: string;
  finished_at?: string;
  decision: string;
  scenarios: Record<string, ScenarioStatus>;
}
/** What changed since the last GO: scenarios red now that were green then, fixed since, flaky since. */
export interface SinceLastGo {
  lastGo?: HistoryEntry;
  runsSince: number;
  newFailures: string[];
  fixed: string[];
  flaky: string[];
}

const GATE_HISTORY_FILE = '.gate-history.jsonl';

export function readHistory(dir: string): HistoryEntry[] {
  const file = path.join(dir, GATE_HISTORY_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as HistoryEntry];
      } catch {
        return []; // a torn last line (a build killed mid-write) costs that run only
      }
    });
}

/** Appends a run once: building the report twice from the same results does not count it twice. */
export async function appendHistory(dir: string, history: HistoryEntry[], entry: HistoryEntry): Promise<void> {
  if (history.some((h) => h.started_at === entry.started_at)) return;
  await mkdir(dir, { recursive: true });
  await appendFile(path.join(dir, GATE_HISTORY_FILE), `${JSON.stringify(entry)}\n`);
}

/** Compares this run with the last GO before it, and with every run since. */
export function sinceLastGo(history: HistoryEntry[], current: HistoryEntry): SinceLastGo {
  const earlier = history.filter((h) => h.started_at !== current.started_at);
  const goAt = earlier.map((h) => h.decision).lastIndexOf('GO');
  const lastGo = goAt >= 0 ? earlier[goAt] : undefined;
  const since = earlier.slice(goAt + 1);
  const red = (s?: ScenarioStatus) => s === 'failed';
  const ids = Object.keys(current.scenarios).sort();
  return {
    lastGo,
    runsSince: since.length,
    newFailures: ids.filter((id) => red(current.scenarios[id]) && (!lastGo || !red(lastGo.scenarios[id]))),
    fixed: ids.filter((id) => current.scenarios[id] === 'passed' && since.some((h) => red(h.scenarios[id]))),
    flaky: ids.filter((id) => [current, ...since].some((h) => h.scenarios[id] === 'flaky')),
  };
}
