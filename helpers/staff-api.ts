import type { APIRequestContext, APIResponse } from '@playwright/test';
import { PATHS } from '../contract/kodex.js';
import type { OpenApiCheck } from './openapi.js';

/** A staff API client for one identity. It returns raw responses; specs assert on them. */
export class StaffApi {
  constructor(readonly http: APIRequestContext, private readonly openapi?: OpenApiCheck, private readonly readOnly = false) {}

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<APIResponse> {
    if (this.readOnly && method !== 'GET') throw new Error(`kodex-gate refuses ${method} ${path} on a production target`);
    const res = await this.http.fetch(path, { method, data, maxRedirects: 0, failOnStatusCode: false });
    await this.openapi?.check(method, path, res);
    return res;
  }
  private async json<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown, expected = [200, 201]): Promise<T> {
    const res = await this.call(method, path, data);
    if (!expected.includes(res.status())) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
    return res.status() === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  me() { return this.call('GET', PATHS.authMe); }
  runResponse(id: string) { return this.call('GET', PATHS.run(id)); }
  run(id: string) { return this.json<any>('GET', PATHS.run(id)); }
  runEvents(id: string) { return this.json<{ items: any[] }>('GET', `${PATHS.runEvents(id)}?include_payload=true`); }
  runLogs(id: string) { return this.json<any>('GET', `${PATHS.runLogs(id)}?tail_lines=200`); }
  cancelRunResponse(id: string) { return this.call('POST', PATHS.runCancel(id), {}); }
  learningFeedback(id: string) { return this.json<{ items: any[] }>('GET', PATHS.runLearning(id)); }
  projects() { return this.json<{ items: any[] }>('GET', PATHS.projects); }
  usersResponse() { return this.call('GET', PATHS.users); }
  createProject(slug: string, name: string) { return this.json<{ id: string; slug: string }>('POST', PATHS.projects, { slug, name }); }
  deleteProject(id: string) { return this.json<void>('DELETE', PATHS.project(id), undefined, [204]); }
  createUser(email: string, isPlatformAdmin = false) { return this.json<{ id: string; email: string }>('POST', PATHS.users, { email, is_platform_admin: isPlatformAdmin }); }
  deleteUser(id: string) { return this.json<void>('DELETE', PATHS.user(id), undefined, [204]); }
  addMember(projectId: string, userId: string, role: string) { return this.json<void>('POST', PATHS.members(projectId), { user_id: userId, role }, [204]); }
  setLearningOverride(projectId: string, userId: string, enabled: boolean | null) {
    return this.json<void>('PUT', PATHS.memberLearning(projectId, userId), { enabled }, [204]);
  }
  repositories(projectId: string) { return this.json<{ items: any[] }>('GET', PATHS.repositories(projectId)); }
  detachRepository(projectId: string, repoId: string) { return this.json<void>('DELETE', PATHS.repository(projectId, repoId), undefined, [204]); }
  attachRepository(projectId: string, owner: string, name: string, token: string) {
    return this.json<{ id: string; external_id: number }>('POST', PATHS.repositories(projectId), { provider: 'github', owner, name, token, services_yaml_path: 'services.yaml' });
  }
}
