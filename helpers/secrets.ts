import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';

/** Shapes of credentials the gate may not know the value of (GitHub, OpenAI, private keys). */
export const SECRET_SHAPES: [string, RegExp][] = [
  ['GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g],
  ['GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g],
  ['OpenAI key', /\bsk-(proj-)?[A-Za-z0-9_-]{20,}\b/g],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
];

export interface SecretHit { file: string; secretIndex: number }

/** Replaces every known secret value in a text, for evidence we attach ourselves. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s ? t.split(s).join('«redacted»') : t), text);
}

/** Entries of a zip (Playwright traces are zips); an unreadable zip is scanned raw only. */
function unzip(raw: Buffer): Buffer[] {
  try {
    return new AdmZip(raw).getEntries().map((e) => e.getData());
  } catch {
    return [];
  }
}

async function* files(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

/** Scans artifact folders (traces, reports, results, logs) for any known secret value, inside zips too. */
export async function scanArtifacts(dirs: readonly string[], secrets: readonly string[]): Promise<SecretHit[]> {
  const needles = secrets.filter((s) => s.length >= 8).map((s) => Buffer.from(s));
  const hits: SecretHit[] = [];
  for (const dir of dirs) {
    for await (const file of files(dir)) {
      if ((await stat(file)).size > 200 * 1024 * 1024) continue;
      const raw = await readFile(file);
      const parts = file.endsWith('.zip') ? [raw, ...unzip(raw)] : [raw];
      needles.forEach((n, idx) => {
        if (parts.some((p) => p.includes(n) || p.includes(Buffer.from(n.toString('base64'))))) hits.push({ file, secretIndex: idx });
      });
    }
  }
  return hits;
}
