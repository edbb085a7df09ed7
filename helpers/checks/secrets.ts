import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';

/** Shapes of credentials the gate may not know the value of (GitHub, OpenAI, private keys). */
const SECRET_SHAPES: [string, RegExp][] = [
  ['GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g],
  ['GitHub fine-grained token', /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g],
  ['OpenAI key', /\bsk-(proj-)?[A-Za-z0-9_-]{20,}\b/g],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  // kodex's own tokens: the run's MCP bearer token and the staff session are HS256 JWTs (header and claims eyJ…).
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/g],
];

/** The base64 of a secret at one byte alignment: its stable middle, whatever surrounds the secret. */
function base64Middle(raw: Buffer, alignment: number): string {
  const b64 = Buffer.concat([Buffer.alloc(alignment), raw])
    .toString('base64')
    .replace(/=+$/, '');
  return b64.slice(alignment ? 4 : 0, b64.length - 4);
}

/**
 * The forms a secret takes once stored, served or written into an artifact: as is, inside a JSON string,
 * inside a URL, and base64-encoded at each of the three byte alignments (when that middle is 8+ characters).
 */
export function secretForms(secret: string): { form: string; value: string }[] {
  const raw = Buffer.from(secret);
  const forms = [
    { form: 'plain', value: secret },
    { form: 'JSON-escaped', value: JSON.stringify(secret).slice(1, -1) },
    { form: 'URL-encoded', value: encodeURIComponent(secret) },
    ...[0, 1, 2].map((k) => ({ form: 'base64', value: base64Middle(raw, k) })).filter((f) => f.value.length >= 8),
  ];
  return forms.filter((f, i) => forms.findIndex((g) => g.value === f.value) === i);
}

/** As text, whatever it is: strings as they are, anything else as its JSON. */
export const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/** Replaces every known secret value in a text, for evidence we attach ourselves. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s ? t.split(s).join('«redacted»') : t), text);
}

/**
 * Where known secrets, in any of their forms, or credential-shaped strings appear among named surfaces.
 * Findings name the surface, the secret by its index and the form, never the value itself.
 */
export function scanSurfaces(
  surfaces: Record<string, string>,
  secrets: readonly string[],
  /** Names for secrets by name (e.g. the Job env a token came from); others are named by their index. */
  named: Record<string, string> = {},
): string[] {
  const found: string[] = [];
  const all = [...secrets.map((value, i) => [`secret #${i + 1}`, value]), ...Object.entries(named)];
  for (const [surface, text] of Object.entries(surfaces)) {
    for (const [name, secret] of all) {
      for (const f of secretForms(secret)) if (text.includes(f.value)) found.push(`${surface}: ${name} (${f.form})`);
    }
    for (const [name, re] of SECRET_SHAPES) {
      for (const m of text.match(re) ?? []) found.push(`${surface}: ${name}-shaped string ${m.slice(0, 6)}…`);
    }
  }
  return found;
}

/**
 * The credentials kodex hands a run as literal env (RUN_JOB.secretEnv: MCP bearer token, model, Context7 and
 * bot tokens), by env name, from the run's Jobs; empty values (not given) are left out.
 */
export function issuedSecrets(
  env: { name: string; value?: string }[],
  names: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    env.filter((e) => names.includes(e.name) && (e.value ?? '').length >= 8).map((e) => [e.name, e.value!]),
  );
}

export interface SecretHit {
  file: string;
  secretIndex: number;
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

/** The HTML report carries its data as a base64 zip inside index.html. */
function embeddedZips(raw: Buffer): Buffer[] {
  const m = /playwrightReportBase64\s*=\s*"data:application\/zip;base64,([A-Za-z0-9+/=]+)"/.exec(
    raw.toString('latin1'),
  );
  return m ? unzip(Buffer.from(m[1], 'base64')) : [];
}

/** Scans artifact folders (traces, reports, results, logs) for known secret values in any of their forms, inside zips too. */
export async function scanArtifacts(dirs: readonly string[], secrets: readonly string[]): Promise<SecretHit[]> {
  const needles = secrets.filter((s) => s.length >= 8).map((s) => secretForms(s).map((f) => Buffer.from(f.value)));
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

/**
 * The Job env entries that hold a known or credential-shaped secret as a plain value, as one warning naming them
 * (none when there are none): kodex passes tokens as literal env today, so this is reported, not blocking.
 */
export function plainEnvSecrets(env: { name: string; value?: string }[], secrets: readonly string[]): string[] {
  const plain = env.filter((e) => e.value && scanSurfaces({ env: e.value }, secrets).length).map((e) => e.name);
  return plain.length ? [`the run's Job holds secrets as plain env values: ${plain.join(', ')}`] : [];
}
