/** Kubernetes `Status` error bodies and JSON patch application. */
import type { ResourceDef } from './resources.js';
import type { KubeObject } from './store.js';

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: object,
  ) {
    super(message);
  }
  body() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details && { details: this.details }),
      code: this.code,
    };
  }
}

/** `jobs.batch "x"` / `pods "x"`, as the API server names objects in messages. */
const qualified = (def: ResourceDef, name: string) => `${def.group ? `${def.name}.${def.group}` : def.name} "${name}"`;
const details = (def: ResourceDef, name: string) => ({ name, ...(def.group && { group: def.group }), kind: def.name });

export const notFound = (def: ResourceDef, name: string) =>
  new KubeError(404, 'NotFound', `${qualified(def, name)} not found`, details(def, name));
export const alreadyExists = (def: ResourceDef, name: string) =>
  new KubeError(409, 'AlreadyExists', `${qualified(def, name)} already exists`, details(def, name));
export const conflict = (def: ResourceDef, name: string) =>
  new KubeError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(def, name)}: the object has been modified; please apply your changes to the latest version and try again`,
    details(def, name),
  );
/** 422 for one bad field, e.g. `Job.batch "x" is invalid: spec.template: Invalid value: …: field is immutable`. */
export const invalid = (def: ResourceDef, name: string, field: string, why: string) =>
  new KubeError(
    422,
    'Invalid',
    `${def.kind}${def.group ? `.${def.group}` : ''} "${name}" is invalid: ${field}: Invalid value: "object": ${why}`,
    {
      ...details(def, name),
      kind: def.kind,
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "object": ${why}`, field }],
    },
  );
export const badRequest = (message: string) => new KubeError(400, 'BadRequest', message);
export const pathNotFound = () => new KubeError(404, 'NotFound', 'the server could not find the requested resource');
export const methodNotAllowed = (method: string) =>
  new KubeError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);

export const deleteSuccess = (def: ResourceDef, obj: KubeObject) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  details: { ...details(def, obj.metadata.name), uid: obj.metadata.uid },
});

// ---- patches ----

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 merge patch (also used for strategic merge patches, which differ only on some lists). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Strategic merge patch, as kubectl apply sends it: lists with a merge key (containers, env, volumes, …)
 * merge element by element, `$patch: delete|replace` is honoured, and the ordering / retain-keys
 * directives are dropped. Every other list is atomic (replaced), like rules and subjects in RBAC objects.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  conditions: 'type',
};
function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue; // $setElementOrder/…, $retainKeys, $deleteFromPrimitiveList/…
    const key = MERGE_KEYS[k];
    if (v === null) delete out[k];
    else if (key && Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeList(out[k] as unknown[], v, key);
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}
function mergeList(current: unknown[], patch: unknown[], key: string): unknown[] {
  const out = [...current];
  for (const item of patch) {
    const at = isObject(item) ? out.findIndex((c) => isObject(c) && c[key] === item[key]) : -1;
    if (isObject(item) && item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = strategicMergePatch(out[at], item);
    else out.push(strategicMergePatch(undefined, item));
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** RFC 6902 JSON patch (add, remove, replace, test, copy, move) — client-node's default patch type. */
function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let root = structuredClone(doc);
  const locate = (pointer: string) => {
    const tokens = pointer
      .split('/')
      .slice(1)
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    if (last === undefined) throw badRequest(`invalid json patch path ${JSON.stringify(pointer)}`);

    const parent = tokens.reduce<any>((o, t) => (o == null ? undefined : o[t]), root);
    if (parent == null || typeof parent !== 'object')
      throw new KubeError(422, 'Invalid', `doc is missing path: ${pointer}`);
    return { parent, last };
  };
  const get = (pointer: string) => {
    const { parent, last } = locate(pointer);
    return parent[last];
  };
  const remove = (pointer: string) => {
    const { parent, last } = locate(pointer);
    if (!(last in parent)) throw new KubeError(422, 'Invalid', `doc is missing path: ${pointer}`);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  };
  const add = (pointer: string, value: unknown) => {
    if (pointer === '') {
      root = value;
      return;
    }
    const { parent, last } = locate(pointer);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else parent[last] = value;
  };
  for (const { op, path, value, from } of ops as JsonPatchOp[]) {
    switch (op) {
      case 'add':
        add(path, structuredClone(value));
        break;
      case 'remove':
        remove(path);
        break;
      case 'replace':
        remove(path);
        add(path, structuredClone(value));
        break;
      case 'copy':
        add(path, structuredClone(get(from ?? '')));
        break;
      case 'move': {
        const v = get(from ?? '');
        remove(from ?? '');
        add(path, v);
        break;
      }
      case 'test':
        if (JSON.stringify(get(path)) !== JSON.stringify(value))
          throw new KubeError(422, 'Invalid', `testing value ${path} failed`);
        break;
      default:
        throw badRequest(`unexpected json patch operation ${JSON.stringify(op)}`);
    }
  }
  return root;
}

export function applyPatch(target: KubeObject, contentType: string, patch: unknown): KubeObject {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/json-patch+json') return jsonPatch(target, patch) as KubeObject;
  if (type === 'application/merge-patch+json') return mergePatch(target, patch) as KubeObject;
  if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(target, patch) as KubeObject;
  throw new KubeError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
  );
}
