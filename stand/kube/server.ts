/**
 * Kubernetes API stand-in over plain HTTP: discovery, CRUD + watch for the resources in
 * resources.ts, pod logs, bearer-token auth. Jobs are run by the simulated kubelet (kubelet.ts).
 * The parts: handler.ts (one request), http.ts (JSON, one port for http and https), routes.ts (paths),
 * objects.ts (CRUD), streams.ts (watch, followed logs).
 */
import { K8S } from '../../contract/kodex.js';
import { handle, type Api } from './handler.js';
import { listenDual, send } from './http.js';
import { Kubelet } from './kubelet.js';
import { Objects } from './objects.js';
import { BOOTSTRAP_RBAC } from './rbac.js';
import { NAMESPACES, findResource } from './resources.js';
import { KubeError, badRequest } from './status.js';
import { SelectorError, Store } from './store.js';

export interface KubeApiOptions {
  host?: string;
  port?: number;
  token: string;
  /** Pod Pending → Running delay. */
  pendingMs?: number;
  /** Default Running → finished delay (the gate agent's duration label overrides it per run). */
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

export async function startKubeApi(opts: KubeApiOptions): Promise<KubeApi> {
  const { host = '127.0.0.1', port = 0, token, pendingMs = 1000, runMs = 3000, keepAliveMs = 5000, log } = opts;
  const store = new Store();
  const api: Api = {
    store,
    objects: new Objects(store),
    kubelet: new Kubelet(store, { pendingMs, runMs, log }),
    streams: new Set(),
    token,
    keepAliveMs,
    log,
  };
  for (const name of opts.namespaces ?? ['default', 'kube-system', 'kube-public', K8S.codeOnlyNamespace]) {
    api.objects.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const { resource, object } of BOOTSTRAP_RBAC)
    api.objects.create(findResource('rbac.authorization.k8s.io', 'v1', resource)!, undefined, object);

  const listener = await listenDual(host, port, (req, res) => {
    handle(api, req, res).catch((err: unknown) => {
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
  });
  const url = `http://${host}:${listener.port}`;
  log?.(`kube: API stand-in listening on ${url} (and https on the same port)`);
  return {
    url,
    httpsUrl: `https://${host}:${listener.port}`,
    port: listener.port,
    store,
    async close() {
      for (const end of [...api.streams]) end();
      api.kubelet.close();
      await listener.close();
    },
  };
}
