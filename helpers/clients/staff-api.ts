import type { APIRequestContext, APIResponse } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { PATHS, STAFF_AUTH } from '../../contract/kodex.js';
import { registerRuntimeSecret } from '../runner/run-secrets.js';
import type { OpenApiCheck } from './openapi.js';

/** A staff API client for one identity. It returns raw responses; specs assert on them. */
export class StaffApi {
  constructor(
    readonly http: APIRequestContext,
    private readonly openapi?: OpenApiCheck,
    private readonly readOnly = false,
  ) {}

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<APIResponse> {
    if (this.readOnly && method !== 'GET')
      throw new Error(`kodex-gate refuses ${method} ${path} on a production target`);
    const res = await this.http.fetch(path, { method, data, maxRedirects: 0, failOnStatusCode: false });
    await this.openapi?.check(method, path, res);
    return res;
  }
  private async json<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    data?: unknown,
    expected = [200, 201],
  ): Promise<T> {
    const res = await this.call(method, path, data);
    if (!expected.includes(res.status()))
      throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
    return res.status() === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  me() {
    return this.call('GET', PATHS.authMe);
  }
  /** GET /auth/me at another origin (e.g. the public ingress) with the given headers only. */
  meAt(origin: string, headers: Record<string, string>) {
    return this.http.fetch(new URL(PATHS.authMe, origin).toString(), {
      method: 'GET',
      headers,
      maxRedirects: 0,
      failOnStatusCode: false,
    });
  }
  /** The GET status of each staff data route the console reads (projects, the runs feed, one run, users), by path. */
  async dataRouteStatuses(runId: string, headers: Record<string, string> = {}): Promise<Array<[string, number]>> {
    const out: Array<[string, number]> = [];
    for (const path of [PATHS.projects, PATHS.runsRealtime, PATHS.run(runId), PATHS.runEvents(runId), PATHS.users]) {
      out.push([
        path,
        (await this.http.fetch(path, { method: 'GET', headers, maxRedirects: 0, failOnStatusCode: false })).status(),
      ]);
    }
    return out;
  }
  runResponse(id: string) {
    return this.call('GET', PATHS.run(id));
  }
  run(id: string) {
    return this.json<any>('GET', PATHS.run(id));
  }
  runEvents(id: string) {
    return this.json<{ items: any[] }>('GET', `${PATHS.runEvents(id)}?include_payload=true`);
  }
  runLogs(id: string) {
    return this.json<any>('GET', `${PATHS.runLogs(id)}?tail_lines=200`);
  }
  /** Every staff read of one run (the run, its events, logs and learning feedback): status and body, by name. */
  async runReads(id: string): Promise<Array<{ what: string; status: number; body: unknown }>> {
    const reads: Array<[string, string]> = [
      ['GET /runs/{id}', PATHS.run(id)],
      ['GET /runs/{id}/events', `${PATHS.runEvents(id)}?include_payload=true`],
      ['GET /runs/{id}/logs', `${PATHS.runLogs(id)}?tail_lines=200`],
      ['GET /runs/{id}/learning-feedback', PATHS.runLearning(id)],
    ];
    const out = [];
    for (const [what, path] of reads) {
      const res = await this.call('GET', path);
      out.push({ what, status: res.status(), body: await res.json().catch(() => undefined) });
    }
    return out;
  }
  cancelRunResponse(id: string) {
    return this.call('POST', PATHS.runCancel(id), {});
  }
  learningFeedback(id: string) {
    return this.json<{ items: any[] }>('GET', PATHS.runLearning(id));
  }
  projects() {
    return this.json<{ items: any[] }>('GET', PATHS.projects);
  }
  usersResponse() {
    return this.call('GET', PATHS.users);
  }
  createProject(slug: string, name: string) {
    return this.json<{ id: string; slug: string }>('POST', PATHS.projects, { slug, name });
  }
  deleteProject(id: string) {
    return this.json<void>('DELETE', PATHS.project(id), undefined, [204]);
  }
  createUser(email: string, isPlatformAdmin = false) {
    return this.json<{ id: string; email: string }>('POST', PATHS.users, { email, is_platform_admin: isPlatformAdmin });
  }
  deleteUser(id: string) {
    return this.json<void>('DELETE', PATHS.user(id), undefined, [204]);
  }
  addMember(projectId: string, userId: string, role: string) {
    return this.json<void>('POST', PATHS.members(projectId), { user_id: userId, role }, [204]);
  }
  setLearningOverride(projectId: string, userId: string, enabled: boolean | null) {
    return this.json<void>('PUT', PATHS.memberLearning(projectId, userId), { enabled }, [204]);
  }
  repositories(projectId: string) {
    return this.json<{ items: any[] }>('GET', PATHS.repositories(projectId));
  }
  detachRepository(projectId: string, repoId: string) {
    return this.json<void>('DELETE', PATHS.repository(projectId, repoId), undefined, [204]);
  }
  attachRepository(projectId: string, owner: string, name: string, token: string) {
    return this.json<{ id: string; external_id: number }>('POST', PATHS.repositories(projectId), {
      provider: 'github',
      owner,
      name,
      token,
      services_yaml_path: 'services.yaml',
    });
  }
}

/** Staff JWTs kodex must refuse: one signed with a key that is not kodex's, one expired (needs the real key). */
export async function badStaffTokens(
  userId: string,
  email: string,
  signingKey?: string,
): Promise<Array<[string, string]>> {
  const mint = (key: Uint8Array, exp: string | number) =>
    new SignJWT({ email, github_login: '', is_admin: true, is_owner: false })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(STAFF_AUTH.jwtIssuer)
      .setSubject(userId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(exp)
      .sign(key);
  const tokens: Array<[string, string]> = [['forged', await mint(randomBytes(32), '15m')]];
  if (signingKey)
    tokens.push(['expired', await mint(new TextEncoder().encode(signingKey), Math.floor(Date.now() / 1000) - 60)]);
  for (const [, t] of tokens) registerRuntimeSecret(t);
  return tokens;
}
