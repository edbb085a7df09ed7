// How the Kubernetes API stand-in reads a request path: discovery documents, resource routes, authorizer attributes.
import type { Attributes } from './rbac.js';
import {
  VERSION_INFO,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  findResource,
  type ResourceDef,
} from './resources.js';

export interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  sub?: string;
  watch: boolean;
}
export type Query = URLSearchParams;

/** Discovery documents. kubectl asks for aggregated discovery first and falls back to these. */
export function discovery(path: string): object | undefined {
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
export function parseRoute(parts: string[]): Route | undefined {
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

/** Whether a GET is a watch: the /watch/ path prefix or ?watch=true|1. */
export const isWatch = (route: Route, q: Query) => route.watch || q.get('watch') === 'true' || q.get('watch') === '1';

/** The authorizer's view of a request: verb, group, resource, subresource, namespace, name. */
export function requestAttributes(method: string, route: Route, q: Query): Attributes {
  const { def, namespace, name, sub } = route;
  const verb =
    (
      {
        GET: isWatch(route, q) ? 'watch' : name ? 'get' : 'list',
        POST: 'create',
        PUT: 'update',
        PATCH: 'patch',
        DELETE: name ? 'delete' : 'deletecollection',
      } as Record<string, string>
    )[method] ?? method.toLowerCase();
  return { verb, group: def.group, resource: def.name, subresource: sub, namespace, name };
}
