// One request to the Kubernetes API stand-in: auth, discovery, authorization, then the verb on the resource.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, send } from './http.js';
import type { Kubelet } from './kubelet.js';
import type { Objects } from './objects.js';
import { authorize, forbidden, requestUser, selfSubjectAccessReview } from './rbac.js';
import { SELF_SUBJECT_ACCESS_REVIEWS } from './resources.js';
import { discovery, isWatch, parseRoute, requestAttributes } from './routes.js';
import { KubeError, applyPatch, methodNotAllowed, pathNotFound } from './status.js';
import type { KubeObject, Store } from './store.js';
import { podLog, watch, type Streams } from './streams.js';
import { toTable, wantsTable } from './table.js';

/** What a request is served with. */
export interface Api {
  store: Store;
  objects: Objects;
  kubelet: Kubelet;
  streams: Streams;
  token: string;
  keepAliveMs: number;
  log?: (msg: string) => void;
}

export async function handle(api: Api, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers.authorization !== `Bearer ${api.token}`) {
    throw new KubeError(401, 'Unauthorized', 'Unauthorized');
  }
  const u = new URL(req.url ?? '/', 'http://stand');
  const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  // Writes and server errors only: the workers poll with GETs all the time.
  res.on('close', () => {
    if (method !== 'GET' || res.statusCode >= 500)
      api.log?.(`kube: ${method} ${u.pathname}${u.search} → ${res.statusCode}`);
  });

  const doc = discovery(u.pathname);
  if (doc !== undefined) {
    if (method !== 'GET') throw methodNotAllowed(method);
    return send(res, 200, doc);
  }
  const route = parseRoute(parts);
  if (!route) throw pathNotFound();
  const { def, namespace, name, sub } = route;
  const q = u.searchParams;
  const table = wantsTable(req.headers.accept);
  const user = requestUser(req.headers);
  const attributes = requestAttributes(method, route, q);
  if (!authorize(api.store, user, attributes)) throw forbidden(user, attributes);
  if (def === SELF_SUBJECT_ACCESS_REVIEWS) {
    if (method !== 'POST') throw methodNotAllowed(method);
    return send(res, 201, selfSubjectAccessReview(api.store, user, await readJson(req)));
  }

  const { objects } = api;
  switch (method) {
    case 'GET': {
      if (name && sub === 'log') return podLog(res, namespace!, name, q, api);
      if (isWatch(route, q)) return watch(res, route, q, table, api);
      if (name) {
        const obj = objects.get(def, namespace, name);
        return send(res, 200, table ? toTable(def.kind, [obj]) : obj);
      }
      const list = objects.list(def, namespace, q);
      return send(res, 200, table ? toTable(def.kind, list.items, list.metadata) : list);
    }
    case 'POST':
      if (name) throw methodNotAllowed(method);
      if (def.namespaced && namespace === undefined) throw methodNotAllowed(method);
      return send(res, 201, objects.create(def, namespace, await readJson(req)));
    case 'PUT':
    case 'PATCH': {
      if (!name) throw methodNotAllowed(method);
      const current = objects.get(def, namespace, name);
      const body = await readJson(req);
      const next =
        method === 'PUT' ? (body as KubeObject) : applyPatch(current, req.headers['content-type'] ?? '', body);
      return send(res, 200, objects.replace(def, current, next, sub === 'status'));
    }
    case 'DELETE':
      if (!name) return send(res, 200, objects.deleteCollection(def, namespace, q));
      return send(res, 200, objects.delete(def, namespace, name, q, await readJson(req, true)));
    default:
      throw methodNotAllowed(method);
  }
}
