import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROBLEMS_FILE } from '../helpers/runner/verdict.js';

export const LEAKS_FILE_NAME = 'leaks.json';

/** What the global teardown's leak check found: nothing a scenario created may remain. */
export async function readLeaks(reportDir: string): Promise<string[]> {
  let raw: string;
  try {
    raw = await readFile(path.join(reportDir, LEAKS_FILE_NAME), 'utf8');
  } catch {
    return ['the leak check did not run (no global teardown result)'];
  }
  const leaks: string[] = JSON.parse(raw);
  return leaks.length ? [`objects left behind by this run: ${leaks.join(', ')}`] : [];
}

/** Problems reported outside the tests (world cleanup, teardown) through reportRunProblem(). */
export async function readRunProblems(reportDir: string): Promise<string[]> {
  const raw = await readFile(path.join(reportDir, PROBLEMS_FILE), 'utf8').catch(() => '');
  return raw.split('\n').filter(Boolean);
}
