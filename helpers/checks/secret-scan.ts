import { SECRET_SHAPES } from './secrets.js';

/** The forms a secret takes once stored or served: as is, inside a JSON string, inside a URL. */
export function secretForms(secret: string): { form: string; value: string }[] {
  const forms = [
    { form: 'plain', value: secret },
    { form: 'JSON-escaped', value: JSON.stringify(secret).slice(1, -1) },
    { form: 'URL-encoded', value: encodeURIComponent(secret) },
  ];
  return forms.filter((f, i) => forms.findIndex((g) => g.value === f.value) === i);
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

/** As text, whatever it is: strings as they are, anything else as its JSON. */
export const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

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
