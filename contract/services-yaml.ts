/**
 * How kodex names a dev (ai) run's namespace from the repository's services.yaml
 * (deprecated/libs/go/servicescfg/load_context.go): the `ai` environment's namespaceTemplate rendered with
 * .Project / .Env / .Slot, else `<spec.project>-dev-<slot>`. `undefined` when the file names no project.
 */
import { parse } from 'yaml';

export const SERVICES_YAML_DEFAULT_PATH = 'services.yaml';

export function devNamespace(servicesYaml: string, slot: number): string | undefined {
  let doc: any;
  try {
    doc = parse(servicesYaml);
  } catch {
    return undefined;
  }
  const project = String(doc?.spec?.project ?? doc?.metadata?.name ?? '').trim();
  if (!project || slot <= 0) return undefined;
  const template = String(doc?.spec?.environments?.ai?.namespaceTemplate ?? '').trim();
  const rendered = template
    .replace(/\{\{\s*\.Project\s*\}\}/g, project)
    .replace(/\{\{\s*\.Env\s*\}\}/g, 'ai')
    .replace(/\{\{\s*\.Slot\s*\}\}/g, String(slot))
    .trim();
  return rendered && !rendered.includes('{{') ? rendered : `${project}-dev-${slot}`;
}
