import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.js';

/**
 * A triage record: a red P1 scenario the release owner has accepted as a known, non-blocking defect until
 * `expires` (inclusive, UTC). Kept in the repository (triage/non-blocking.json) so a waiver is reviewed.
 */
export interface TriageRecord {
  scenario: string;
  reason: string;
  owner: string;
  /** A link to the defect (an issue URL). */
  defect: string;
  /** YYYY-MM-DD, the last day the record holds. */
  expires: string;
}

export const TRIAGE_FILE = path.join(ROOT, 'triage', 'non-blocking.json');

/** The records of a triage file and what is wrong with it (a bad record is a problem, never silently dropped). */
export function readTriage(file = TRIAGE_FILE): { records: TriageRecord[]; problems: string[] } {
  if (!existsSync(file)) return { records: [], problems: [] };
  const where = path.relative(ROOT, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { records: [], problems: [`${where} is not valid JSON: ${(err as Error).message}`] };
  }
  if (!Array.isArray(raw)) return { records: [], problems: [`${where} must be a JSON array of triage records`] };
  const records: TriageRecord[] = [];
  const problems: string[] = [];
  raw.forEach((r, i) => {
    const bad = triageRecordProblems(r);
    if (bad.length) problems.push(`${where} record ${i + 1}: ${bad.join('; ')}`);
    else records.push(r as TriageRecord);
  });
  return { records, problems };
}

export function triageRecordProblems(r: any): string[] {
  if (!r || typeof r !== 'object') return ['must be an object'];
  const problems: string[] = [];
  const text = (field: keyof TriageRecord) => typeof r[field] === 'string' && r[field].trim().length > 0;
  if (!text('scenario') || !/^[A-Z]\d+$/.test(r.scenario)) problems.push('scenario must be a matrix ID such as P3');
  if (!text('reason') || r.reason.trim().length < 10) problems.push('reason must say why (10+ characters)');
  if (!text('owner')) problems.push('owner is required');
  if (!text('defect') || !/^https?:\/\/\S+$/.test(r.defect))
    problems.push('defect must link to the defect (http(s) URL)');
  if (!text('expires') || !/^\d{4}-\d{2}-\d{2}$/.test(r.expires) || Number.isNaN(Date.parse(`${r.expires}T00:00:00Z`)))
    problems.push('expires must be a date YYYY-MM-DD');
  return problems;
}

/** Whether the record still holds on `now` (its expiry day included, UTC). */
export const triageValid = (r: TriageRecord, now: Date) => now.toISOString().slice(0, 10) <= r.expires;
