// The Kubernetes API stand-in's long answers: watches and followed pod logs, each ended when the server closes.
import type { ServerResponse } from 'node:http';
import { JSON_TYPE } from './http.js';
import type { Kubelet } from './kubelet.js';
import type { Objects } from './objects.js';
import { PODS, apiVersionOf, storeKey } from './resources.js';
import type { Query, Route } from './routes.js';
import { KubeError, badRequest } from './status.js';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type KubeObject,
  type Store,
  type StoreEvent,
} from './store.js';
import { toTable } from './table.js';

/** Enders of the open watch and log-follow answers. */
export type Streams = Set<() => void>;

/** Keeps an answer open until `end` (or the client leaves); `end` runs once. */
function holdOpen(res: ServerResponse, streams: Streams, cleanup: () => void): () => void {
  const end = () => {
    cleanup();
    streams.delete(end);
    if (!res.writableEnded) res.end();
  };
  streams.add(end);
  res.on('close', end);
  return end;
}

export function watch(
  res: ServerResponse,
  route: Route,
  q: Query,
  table: boolean,
  ctx: { store: Store; streams: Streams; keepAliveMs: number },
): void {
  const { store } = ctx;
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
  }, ctx.keepAliveMs);
  const seconds = Number(q.get('timeoutSeconds'));
  const timeout = seconds > 0 ? setTimeout(() => end(), seconds * 1000) : undefined;
  const end = holdOpen(res, ctx.streams, () => {
    unsubscribe();
    clearInterval(keepAlive);
    clearTimeout(timeout);
  });
}

export function podLog(
  res: ServerResponse,
  namespace: string,
  name: string,
  q: Query,
  ctx: { objects: Objects; kubelet: Kubelet; streams: Streams },
): void {
  const pod = ctx.objects.get(PODS, namespace, name);
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
  const lines = ctx.kubelet.podLog(namespace, name) ?? [];
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
  const end = holdOpen(res, ctx.streams, () => ctx.kubelet.logEvents.off('line', onLine).off('end', onEnd));
  ctx.kubelet.logEvents.on('line', onLine).on('end', onEnd);
}
