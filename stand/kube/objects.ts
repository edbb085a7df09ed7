// CRUD over the Kubernetes API stand-in's store, with the API server's rules (defaults, conflicts, immutability).
import {
  JOBS,
  NAMESPACES,
  PODS,
  apiVersionOf,
  applyDefaults,
  defaultJobSelector,
  storeKey,
  type ResourceDef,
} from './resources.js';
import type { Query } from './routes.js';
import { alreadyExists, badRequest, conflict, deleteSuccess, invalid, notFound } from './status.js';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  timestamp,
  type KubeObject,
  type Store,
} from './store.js';

export class Objects {
  constructor(private readonly store: Store) {}

  get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(storeKey(def), namespace, name);
    if (!obj) throw notFound(def, name);
    return obj;
  }

  list(def: ResourceDef, namespace: string | undefined, q: Query) {
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    const all = this.store
      .list(storeKey(def), namespace)
      .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
    // `continue` is a plain offset into the (sorted) list; good enough for a stand-in.
    const offset = Number(q.get('continue') ? Buffer.from(q.get('continue')!, 'base64url').toString() : 0) || 0;
    const limit = Number(q.get('limit')) || Infinity;
    const items = all.slice(offset, offset + limit);
    const next =
      offset + items.length < all.length ? Buffer.from(String(offset + items.length)).toString('base64url') : undefined;
    return {
      kind: `${def.kind}List`,
      apiVersion: apiVersionOf(def),
      metadata: {
        resourceVersion: this.store.resourceVersion,
        ...(next && { continue: next, remainingItemCount: all.length - offset - items.length }),
      },
      items,
    };
  }

  create(def: ResourceDef, namespace: string | undefined, body: unknown): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('the request body must be a JSON object');
    const obj = { ...(body as KubeObject), apiVersion: apiVersionOf(def), kind: def.kind };
    obj.metadata = { ...obj.metadata };
    for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp']) delete obj.metadata[k];
    applyDefaults(def, obj);
    const { name } = obj.metadata;
    if (!name)
      throw badRequest(`${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (def.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace;
      if (!this.store.get(storeKey(NAMESPACES), undefined, namespace!)) throw notFound(NAMESPACES, namespace!);
    } else delete obj.metadata.namespace;
    if (this.store.get(storeKey(def), namespace, name)) throw alreadyExists(def, name);
    return this.store.create(storeKey(def), obj, def === JOBS ? defaultJobSelector : undefined);
  }

  replace(def: ResourceDef, current: KubeObject, input: KubeObject, statusOnly: boolean): KubeObject {
    const { name, namespace } = current.metadata;
    if (!input?.metadata) throw badRequest('the request body must be an object with metadata');
    if (input.metadata.name && input.metadata.name !== name)
      throw badRequest('the name of the object does not match the name on the URL');
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== current.metadata.resourceVersion)
      throw conflict(def, name);
    // The main resource does not change status, the status subresource changes nothing else.
    const next: KubeObject = statusOnly
      ? { ...current, status: input.status }
      : { ...input, apiVersion: apiVersionOf(def), kind: def.kind, status: current.status };
    next.metadata = { ...(statusOnly ? current.metadata : input.metadata), name, namespace };
    if (
      def === JOBS &&
      !statusOnly &&
      !current.spec?.suspend &&
      JSON.stringify(next.spec?.template) !== JSON.stringify(current.spec?.template)
    ) {
      throw invalid(def, name, 'spec.template', 'field is immutable');
    }
    if (def === JOBS && !statusOnly && JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    return this.store.update(storeKey(def), next)!;
  }

  delete(def: ResourceDef, namespace: string | undefined, name: string, q: Query, body: unknown) {
    const obj = this.get(def, namespace, name);
    const pre = (body as { preconditions?: { resourceVersion?: string } } | undefined)?.preconditions;
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) throw conflict(def, name);
    if (def === NAMESPACES) this.store.deleteNamespaceContents(name);
    this.store.delete(storeKey(def), namespace, name);
    const policy =
      q.get('propagationPolicy') ?? (body as { propagationPolicy?: string } | undefined)?.propagationPolicy;
    const orphan = policy === 'Orphan' || q.get('orphanDependents') === 'true';
    if (def === NAMESPACES) {
      return {
        ...obj,
        metadata: { ...obj.metadata, deletionTimestamp: timestamp() },
        status: { phase: 'Terminating' },
      };
    }
    if (!orphan) this.store.deleteOwnedBy(obj.metadata.uid!);
    return def === PODS ? obj : deleteSuccess(def, obj);
  }

  deleteCollection(def: ResourceDef, namespace: string | undefined, q: Query) {
    const list = this.list(def, namespace, q);
    for (const o of list.items) this.delete(def, o.metadata.namespace, o.metadata.name, q, undefined);
    return list;
  }
}
