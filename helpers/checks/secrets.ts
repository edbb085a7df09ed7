import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { runSettings } from '../runner/config.js';

/** Shapes of credentials the gate may not know the value of (GitHub, OpenAI, private keys). */
export const SECRET_SHAPES: [string, RegExp][] = [
  ['GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g],
  ['GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g],
  ['OpenAI key', /\bsk-(proj-)?[A-Za-z0-9_-]{20,}\b/g],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  // kodex's own tokens: the run's MCP bearer token and the staff session are HS256 JWTs (header and claims eyJ…).
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/g],
];

export interface SecretHit {
  file: string;
  secretIndex: number;
}

/**
 * Secrets made during the run (minted staff JWTs) are not in the configuration: workers note them in a
 * private file outside every artifact folder, and the gate reporter adds them to its scan, then removes it.
 */
const runtimeFile = () => path.join(os.tmpdir(), `${runSettings().runId}.secrets`);
export function registerRuntimeSecret(value: string): void {
  appendFileSync(runtimeFile(), `${value}\n`, { mode: 0o600 });
}
export function runtimeSecrets(): string[] {
  return existsSync(runtimeFile()) ? readFileSync(runtimeFile(), 'utf8').split('\n').filter(Boolean) : [];
}
export function clearRuntimeSecrets(): void {
  rmSync(runtimeFile(), { force: true });
}

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

/**
 * The forms a secret can take inside an artifact: as is, and base64-encoded at each of the three byte
 * alignments (the stable middle of each encoding, whatever surrounds the secret).
 */
export function secretForms(secret: string): Buffer[] {
  const raw = Buffer.from(secret);
  const forms = [raw];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), raw])
      .toString('base64')
      .replace(/=+$/, '');
    const stable = b64.slice(k ? 4 : 0, b64.length - 4);
    if (stable.length >= 8) forms.push(Buffer.from(stable));
  }
  return forms;
}

/** The HTML report carries its data as a base64 zip inside index.html. */
function embeddedZips(raw: Buffer): Buffer[] {
  const m = /playwrightReportBase64\s*=\s*"data:application\/zip;base64,([A-Za-z0-9+/=]+)"/.exec(
    raw.toString('latin1'),
  );
  return m ? unzip(Buffer.from(m[1], 'base64')) : [];
}

/** Scans artifact folders (traces, reports, results, logs) for known secret values, inside zips and base64 too. */
export async function scanArtifacts(dirs: readonly string[], secrets: readonly string[]): Promise<SecretHit[]> {
  const needles = secrets.filter((s) => s.length >= 8).map(secretForms);
  const hits: SecretHit[] = [];
  for (const dir of dirs) {
    for await (const file of files(dir)) {
      if ((await stat(file)).size > 200 * 1024 * 1024) continue;
      const raw = await readFile(file);
      const parts = file.endsWith('.zip')
        ? [raw, ...unzip(raw)]
        : file.endsWith('.html')
          ? [raw, ...embeddedZips(raw)]
          : [raw];
      needles.forEach((forms, idx) => {
        if (parts.some((p) => forms.some((f) => p.includes(f)))) hits.push({ file, secretIndex: idx });
      });
    }
  }
  return hits;
}
