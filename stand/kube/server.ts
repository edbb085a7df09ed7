/**
 * Kubernetes API stand-in over plain HTTP: discovery, CRUD + watch for the resources in
 * resources.ts, pod logs, bearer-token auth. Jobs are run by the simulated kubelet (kubelet.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { K8S } from '../../contract/kodex.js';
import { Kubelet } from './kubelet.js';
import { BOOTSTRAP_RBAC, authorize, forbidden, requestUser, selfSubjectAccessReview, type Attributes } from './rbac.js';
import { toTable, wantsTable } from './table.js';
import { selfSignedCert } from './tls.js';
import {
  JOBS,
  NAMESPACES,
  PODS,
  SELF_SUBJECT_ACCESS_REVIEWS,
  VERSION_INFO,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersionOf,
  applyDefaults,
  defaultJobSelector,
  findResource,
  storeKey,
  type ResourceDef,
} from './resources.js';
import {
  KubeError,
  alreadyExists,
  applyPatch,
  badRequest,
  conflict,
  deleteSuccess,
  invalid,
  methodNotAllowed,
  notFound,
  pathNotFound,
} from './status.js';
import {
  SelectorError,
  Store,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  timestamp,
  type KubeObject,
  type StoreEvent,
} from './store.js';

export interface KubeApiOptions {
  host?: string;
  port?: number;
  token: string;
  /** Pod Pending → Running delay. */
  pendingMs?: number;
  /** Default Running → finished delay (per Job: annotation stand.kodex-gate/duration-ms). */
  runMs?: number;
  /** Idle watch keep-alive interval. */
  keepAliveMs?: number;
  /** Namespaces that exist from the start. */
  namespaces?: string[];
  log?: (msg: string) => void;
}

export interface KubeApi {
  /** http://host:port — what client-node and plain HTTP clients use. */
  url: string;
  /** https://host:port — same port, self-signed TLS; what kubectl needs (see writeKubeconfig). */
  httpsUrl: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  sub?: string;
  watch: boolean;
}
type Query = URLSearchParams;

const JSON_TYPE = 'application/json';
const MAX_BODY = 8 * 1024 * 1024;

export async function startKubeApi(opts: KubeApiOptions): Promise<KubeApi> {
  const { host = '127.0.0.1', port = 0, token, pendingMs = 1000, runMs = 3000, keepAliveMs = 5000, log } = opts;
  const store = new Store();
  const kubelet = new Kubelet(store, { pendingMs, runMs, log });
  const streams = new Set<() => void>(); // enders of open watch / log-follow responses
  for (const name of opts.namespaces ?? ['default', 'kube-system', 'kube-public', K8S.codeOnlyNamespace]) {
    createObject(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const { resource, object } of BOOTSTRAP_RBAC)
    createObject(findResource('rbac.authorization.k8s.io', 'v1', resource)!, undefined, object);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      const e =
        err instanceof KubeError
          ? err
          : err instanceof SelectorError
            ? badRequest(err.message)
            : new KubeError(500, 'InternalError', `stand: ${(err as Error).message}`);
      if (!(err instanceof KubeError || err instanceof SelectorError))
        log?.(`kube: ${req.method} ${req.url}: ${(err as Error).stack}`);
      if (res.headersSent) res.end();
      else send(res, e.code, e.body());
    });
  };
  // Plain HTTP and TLS on one port, told apart by the first byte (0x16 = TLS handshake): client-node
  // and undici are happy with http, but kubectl never sends a token over plain http (kubectl#744).
  const httpServer = createServer(onRequest);
  const tlsServer = createTlsServer(selfSignedCert(), onRequest);
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset before the first byte must not crash the stand
    socket.once('data', (head) => {
      socket.pause();
      socket.unshift(head);
      (head[0] === 0x16 ? tlsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}`;
  log?.(`kube: API stand-in listening on ${url} (and https on the same port)`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`) {
      throw new KubeError(401, 'Unauthorized', 'Unauthorized');
    }
    const u = new URL(req.url ?? '/', 'http://stand');
    const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    // Writes and server errors only: the workers poll with GETs all the time.
    res.on('close', () => {
      if (method !== 'GET' || res.statusCode >= 500)
        log?.(`kube: ${method} ${u.pathname}${u.search} → ${res.statusCode}`);
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
    if (!authorize(store, user, attributes)) throw forbidden(user, attributes);
    if (def === SELF_SUBJECT_ACCESS_REVIEWS) {
      if (method !== 'POST') throw methodNotAllowed(method);
      return send(res, 201, selfSubjectAccessReview(store, user, await readJson(req)));
    }

    switch (method) {
      case 'GET': {
        if (name && sub === 'log') return podLog(res, namespace!, name, q);
        if (route.watch || q.get('watch') === 'true' || q.get('watch') === '1') return watch(res, route, q, table);
        if (name) {
          const obj = getObject(def, namespace, name);
          return send(res, 200, table ? toTable(def.kind, [obj]) : obj);
        }
        const list = listObjects(def, namespace, q);
        return send(res, 200, table ? toTable(def.kind, list.items, list.metadata) : list);
      }
      case 'POST':
        if (name) throw methodNotAllowed(method);
        if (def.namespaced && namespace === undefined) throw methodNotAllowed(method);
        return send(res, 201, createObject(def, namespace, await readJson(req)));
      case 'PUT':
      case 'PATCH': {
        if (!name) throw methodNotAllowed(method);
        const current = getObject(def, namespace, name);
        const body = await readJson(req);
        const next =
          method === 'PUT' ? (body as KubeObject) : applyPatch(current, req.headers['content-type'] ?? '', body);
        return send(res, 200, replaceObject(def, current, next, sub === 'status'));
      }
      case 'DELETE':
        if (!name) return send(res, 200, deleteCollection(def, namespace, q));
        return send(res, 200, deleteObject(def, namespace, name, q, await readJson(req, true)));
      default:
        throw methodNotAllowed(method);
    }
  }

  // ---- CRUD ----

  function getObject(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = store.get(storeKey(def), namespace, name);
    if (!obj) throw notFound(def, name);
    return obj;
  }

  function listObjects(def: ResourceDef, namespace: string | undefined, q: Query) {
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    const all = store
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
        resourceVersion: store.resourceVersion,
        ...(next && { continue: next, remainingItemCount: all.length - offset - items.length }),
      },
      items,
    };
  }

  function createObject(def: ResourceDef, namespace: string | undefined, body: unknown): KubeObject {
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
      if (!store.get(storeKey(NAMESPACES), undefined, namespace!)) throw notFound(NAMESPACES, namespace!);
    } else delete obj.metadata.namespace;
    if (store.get(storeKey(def), namespace, name)) throw alreadyExists(def, name);
    return store.create(storeKey(def), obj, def === JOBS ? defaultJobSelector : undefined);
  }

  function replaceObject(def: ResourceDef, current: KubeObject, input: KubeObject, statusOnly: boolean): KubeObject {
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
    return store.update(storeKey(def), next)!;
  }

  function deleteObject(def: ResourceDef, namespace: string | undefined, name: string, q: Query, body: unknown) {
    const obj = getObject(def, namespace, name);
    const pre = (body as { preconditions?: { resourceVersion?: string } } | undefined)?.preconditions;
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) throw conflict(def, name);
    if (def === NAMESPACES) store.deleteNamespaceContents(name);
    store.delete(storeKey(def), namespace, name);
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
    if (!orphan) store.deleteOwnedBy(obj.metadata.uid!);
    return def === PODS ? obj : deleteSuccess(def, obj);
  }

  function deleteCollection(def: ResourceDef, namespace: string | undefined, q: Query) {
    const list = listObjects(def, namespace, q);
    for (const o of list.items) deleteObject(def, o.metadata.namespace, o.metadata.name, q, undefined);
    return list;
  }

  // ---- watch ----

  function watch(res: ServerResponse, route: Route, q: Query, table: boolean): void {
    const { def, namespace, name } = route;
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    if (name) fields.push({ path: 'metadata.name', negate: false, value: name });
    const matches = (o?: KubeObject) =>
      !!o &&
      (namespace === undefined || o.metadata.namespace === namespace) &&
      matchesLabels(labels, o.metadata.labels) &&
      matchesFields(fields, o);

    res.writeHead(200, { 'content-type': JSON_TYPE, 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    const write = (type: string, object: KubeObject) =>
      res.write(`${JSON.stringify({ type, object: table ? toTable(def.kind, [object]) : object })}\n`);
    // Objects moving into or out of the selection are ADDED / DELETED, like the real watch cache does.
    const forward = (ev: StoreEvent) => {
      if (ev.resource !== storeKey(def)) return;
      const now = matches(ev.object);
      const before = ev.type === 'MODIFIED' && matches(ev.old);
      if (ev.type === 'MODIFIED' && now !== before) write(now ? 'ADDED' : 'DELETED', ev.object);
      else if (now) write(ev.type, ev.object);
    };

    const rv = q.get('resourceVersion');
    if (!rv || rv === '0') {
      for (const o of store.list(storeKey(def), namespace)) if (matches(o)) write('ADDED', o);
    } else {
      const missed = store.eventsSince(Number(rv));
      if (!missed) {
        const gone = new KubeError(410, 'Expired', `too old resource version: ${rv} (${store.resourceVersion})`).body();
        res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
        return;
      }
      missed.forEach(forward);
    }

    const unsubscribe = store.subscribe(forward);
    // A bare newline keeps idle connections alive: client-go's JSON framer and client-node's
    // line reader both skip it. Clients that asked for bookmarks get a BOOKMARK instead.
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const keepAlive = setInterval(() => {
      const bookmark = {
        kind: def.kind,
        apiVersion: apiVersionOf(def),
        metadata: { resourceVersion: store.resourceVersion },
      };
      res.write(bookmarks ? `${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n` : '\n');
    }, keepAliveMs);
    const timeout =
      Number(q.get('timeoutSeconds')) > 0 ? setTimeout(() => end(), Number(q.get('timeoutSeconds')) * 1000) : undefined;
    const end = () => {
      unsubscribe();
      clearInterval(keepAlive);
      clearTimeout(timeout);
      streams.delete(end);
      if (!res.writableEnded) res.end();
    };
    streams.add(end);
    res.on('close', end);
  }

  // ---- pod logs ----

  function podLog(res: ServerResponse, namespace: string, name: string, q: Query): void {
    const pod = getObject(PODS, namespace, name);
    const names: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
    const container = q.get('container') ?? (names.length === 1 ? names[0] : undefined);
    if (!container)
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    const cs = (pod.status?.containerStatuses ?? []).find((c: { name: string }) => c.name === container);
    const waiting = cs?.state?.waiting;
    if (!cs || (waiting && !cs.lastState?.terminated)) {
      const why =
        waiting?.reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : (waiting?.reason ?? 'ContainerCreating');
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${why}`);
    }
    const stamps = q.get('timestamps') === 'true';
    const format = (e: { time: string; text: string }) =>
      `${stamps ? `${e.time.replace(/Z$/, '000000Z')} ` : ''}${e.text}\n`;
    const lines = kubelet.podLog(namespace, name) ?? [];
    const tail = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
    const shown = tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;

    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(shown.map(format).join(''));
    const terminal = ['Succeeded', 'Failed'].includes(pod.status?.phase);
    if (q.get('follow') !== 'true' || terminal) return void res.end();
    res.flushHeaders();
    const key = `${namespace}/${name}`;
    const onLine = (k: string, e: { time: string; text: string }) => {
      if (k === key) res.write(format(e));
    };
    const onEnd = (k: string) => {
      if (k === key) end();
    };
    const end = () => {
      kubelet.logEvents.off('line', onLine).off('end', onEnd);
      streams.delete(end);
      if (!res.writableEnded) res.end();
    };
    kubelet.logEvents.on('line', onLine).on('end', onEnd);
    streams.add(end);
    res.on('close', end);
  }

  return {
    url,
    httpsUrl: `https://${host}:${actualPort}`,
    port: actualPort,
    store,
    async close() {
      for (const end of [...streams]) end();
      kubelet.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      httpServer.closeAllConnections();
      tlsServer.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Discovery documents. kubectl asks for aggregated discovery first and falls back to these. */
function discovery(path: string): object | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/version') return VERSION_INFO;
  if (p === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (p === '/apis') return apiGroupList();
  const core = /^\/api\/([^/]+)$/.exec(p);
  if (core) return apiResourceList('', core[1]);
  const group = /^\/apis\/([^/]+)$/.exec(p);
  if (group) return apiGroupDoc(group[1]);
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
  if (gv) return apiResourceList(gv[1], gv[2]);
  return undefined;
}

/** /api/v1[/watch][/namespaces/{ns}]/{resource}[/{name}[/{sub}]] and the /apis/{group}/{version} equivalent. */
function parseRoute(parts: string[]): Route | undefined {
  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api' && parts.length > 2) [version, rest] = [parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length > 3) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  const watch = rest[0] === 'watch';
  if (watch) rest = rest.slice(1);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 2 && !['status', 'finalize'].includes(rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, sub, ...extra] = rest;
  const def = resource ? findResource(group, version, resource) : undefined;
  if (!def || extra.length) return undefined;
  if (def.namespaced ? namespace === undefined && name !== undefined : namespace !== undefined) return undefined;
  if (sub && !def.subresources?.includes(sub)) return undefined;
  return { def, namespace, name, sub, watch };
}

/** The authorizer's view of a request: verb, group, resource, subresource, namespace, name. */
function requestAttributes(method: string, route: Route, q: Query): Attributes {
  const { def, namespace, name, sub } = route;
  const watching = route.watch || q.get('watch') === 'true' || q.get('watch') === '1';
  const verb =
    (
      {
        GET: watching ? 'watch' : name ? 'get' : 'list',
        POST: 'create',
        PUT: 'update',
        PATCH: 'patch',
        DELETE: name ? 'delete' : 'deletecollection',
      } as Record<string, string>
    )[method] ?? method.toLowerCase();
  return { verb, group: def.group, resource: def.name, subresource: sub, namespace, name };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  // kubectl sends protobuf for some built-in types; client-go retries with JSON on 415.
  const type = req.headers['content-type'] ?? '';
  if (type && !/json/i.test(type)) {
    throw new KubeError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/json-patch+json, application/merge-patch+json`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new KubeError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (optional) return undefined;
    throw badRequest('the request body is empty');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}
