import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Verdict } from './verdict.js';

/** What the gate reporter put into an Allure results folder about its run (global attachments). */
export interface GateRunRecord {
  verdict?: Verdict & { target?: string; started_at?: string; finished_at?: string; suite_commit?: string | null };
  regressionReport?: string;
  results?: {
    started_at: string;
    finished_at: string;
    entries: {
      id?: string;
      title: string;
      tags: string[];
      outcome: string;
      ran?: boolean;
      error?: string;
      runIds: string[];
    }[];
  };
}

/** Reads the run's own verdict back from its results: the report never shows a verdict of another run. */
export function readGateRun(resultsDir: string): GateRunRecord {
  const files = existsSync(resultsDir) ? readdirSync(resultsDir) : [];
  const attachments = files
    .filter((f) => f.endsWith('-globals.json'))
    .flatMap((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')).attachments ?? []) as {
    name: string;
    source: string;
  }[];
  const read = (name: string) => {
    const found = attachments.filter((a) => a.name === name).at(-1);
    return found && existsSync(path.join(resultsDir, found.source))
      ? readFileSync(path.join(resultsDir, found.source), 'utf8')
      : undefined;
  };
  const json = (name: string) => {
    const text = read(name);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    verdict: json('verdict.json'),
    regressionReport: read('regression-report.md'),
    results: json('results.json'),
  };
}
