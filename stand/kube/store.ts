/**
 * In-memory object store of the Kubernetes API stand-in: objects keyed by resource ("pods",
 * "jobs.batch", …), namespace and name; one global resourceVersion counter; an event bus with a
 * bounded history so watches can resume from a resourceVersion; label/field selector matching.
 */
import { randomUUID } from 'node:crypto';

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoreEvent {
  type: EventType;
  resource: string;
  object: KubeObject;
  old?: KubeObject;
  rv: number;
}

/** RFC 3339 timestamp with second precision, as the API server writes them. */
export const timestamp = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const ALPHANUM = 'bcdfghjklmnpqrstvwxz2456789'; // the alphabet k8s uses for generated names
export const randomSuffix = (n = 5) =>
  Array.from({ length: n }, () => ALPHANUM[Math.floor(Math.random() * ALPHANUM.length)]).join('');

export class Store {
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly subscribers = new Set<(ev: StoreEvent) => void>();
  private rv = 1;
  /** Highest resourceVersion whose event was dropped from the history. */
  private compactedRv = 0;

  constructor(private readonly historySize = 10_000) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.bucket(resource).get(key(namespace, name));
    return obj && structuredClone(obj);
  }

  /** Objects of a resource, sorted by namespace/name; all namespaces when namespace is undefined. */
  list(resource: string, namespace?: string): KubeObject[] {
    return [...this.bucket(resource).entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o));
  }

  /**
   * Stores a new object, stamping uid, resourceVersion and creationTimestamp; `prepare` may default
   * fields that need the uid before the object is published. The caller checks for conflicts.
   */
  create(resource: string, input: KubeObject, prepare?: (o: KubeObject) => void): KubeObject {
    const obj = structuredClone(input);
    const k = key(obj.metadata.namespace, obj.metadata.name);
    if (this.bucket(resource).has(k)) throw new Error(`${resource} ${k} already exists`);
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = timestamp();
    prepare?.(obj);
    return this.commit('ADDED', resource, obj);
  }

  /** Replaces a stored object (identity fields are kept from the stored one). */
  update(resource: string, input: KubeObject): KubeObject | undefined {
    const old = this.bucket(resource).get(key(input.metadata.namespace, input.metadata.name));
    if (!old) return undefined;
    const obj = structuredClone(input);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    return this.commit('MODIFIED', resource, obj, old);
  }

  /** Read-modify-write helper; skips when the object is gone or (with uid) was replaced by a namesake. */
  mutate(resource: string, namespace: string | undefined, name: string, fn: (o: KubeObject) => void, uid?: string) {
    const obj = this.get(resource, namespace, name);
    if (!obj || (uid && obj.metadata.uid !== uid)) return undefined;
    fn(obj);
    return this.update(resource, obj);
  }

  delete(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const b = this.bucket(resource);
    const k = key(namespace, name);
    const old = b.get(k);
    if (!old) return undefined;
    b.delete(k);
    return this.commit('DELETED', resource, structuredClone(old), undefined, false);
  }

  /** Deletes every namespaced object in a namespace (immediately, unlike a real cluster). */
  deleteNamespaceContents(namespace: string): void {
    for (const [resource, b] of this.data) {
      for (const o of [...b.values()])
        if (o.metadata.namespace === namespace) this.delete(resource, namespace, o.metadata.name);
    }
  }

  /** Garbage collection: deletes the objects that name ownerUid in their ownerReferences. */
  deleteOwnedBy(ownerUid: string): void {
    for (const [resource, b] of this.data) {
      for (const o of [...b.values()]) {
        if (o.metadata.ownerReferences?.some((r) => r.uid === ownerUid))
          this.delete(resource, o.metadata.namespace, o.metadata.name);
      }
    }
  }

  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Events after resourceVersion rv, or undefined when they have been compacted away (→ 410 Gone). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  private commit(type: EventType, resource: string, obj: KubeObject, old?: KubeObject, keep = true): KubeObject {
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    if (keep) this.bucket(resource).set(key(obj.metadata.namespace, obj.metadata.name), obj);
    const ev: StoreEvent = {
      type,
      resource,
      object: structuredClone(obj),
      old: old && structuredClone(old),
      rv: this.rv,
    };
    this.history.push(ev);
    if (this.history.length > this.historySize) this.compactedRv = this.history.shift()!.rv;
    for (const fn of [...this.subscribers]) fn(ev);
    return structuredClone(obj);
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let b = this.data.get(resource);
    if (!b) this.data.set(resource, (b = new Map()));
    return b;
  }
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

// ---- selectors ----

export class SelectorError extends Error {}

type LabelOp = '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists';
export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const K = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const V = String.raw`[-A-Za-z0-9_.]*`;
const SET_RE = new RegExp(String.raw`^(${K})\s+(in|notin)\s+\(([^)]*)\)$`);
const EQ_RE = new RegExp(String.raw`^(${K})\s*(==|=|!=)\s*(${V})$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${K})$`);

/** Splits on commas outside parentheses: "a in (x,y),b" → ["a in (x,y)", "b"]. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter(Boolean);
}

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector) return [];
  return splitTerms(selector).map((term) => {
    let m = SET_RE.exec(term);
    if (m)
      return {
        key: m[1],
        op: m[2] as LabelOp,
        values: m[3]
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      };
    m = EQ_RE.exec(term);
    if (m) return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
    m = EXISTS_RE.exec(term);
    if (m) return { key: m[2], op: m[1] ? '!exists' : 'exists', values: [] };
    throw new SelectorError(`unable to parse requirement: ${JSON.stringify(term)}`);
  });
}

export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> = {}): boolean {
  return reqs.every(({ key: k, op, values }) => {
    const has = Object.hasOwn(labels, k);
    switch (op) {
      case '=':
      case 'in':
        return has && values.includes(labels[k]);
      case '!=':
      case 'notin':
        return !has || !values.includes(labels[k]);
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}

export interface FieldRequirement {
  path: string;
  negate: boolean;
  value: string;
}

/** Field selectors: `path=value`, `path==value`, `path!=value` on any dotted path (metadata.name, status.phase, …). */
export function parseFieldSelector(selector: string | null | undefined): FieldRequirement[] {
  if (!selector) return [];
  return splitTerms(selector).map((term) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    return { path: m[1], negate: m[2] === '!=', value: m[3].trim() };
  });
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every(({ path, negate, value }) => {
    const actual = path.split('.').reduce<any>((o, p) => (o == null ? undefined : o[p]), obj);
    return (String(actual ?? '') === value) !== negate;
  });
}
