import path from 'node:path';
import { expect, test, type APIResponse } from '@playwright/test';
import type { OpenAPIBackend } from 'openapi-backend';

/**
 * Validates staff API and webhook responses against the platform's own OpenAPI file
 * (GATE_OPENAPI_SPEC; the suite never copies it). Unknown paths are not judged.
 */
export class OpenApiCheck {
  /** Statuses the platform sends that its OpenAPI file does not declare. */
  readonly drift = new Set<string>();
  private constructor(private readonly api: OpenAPIBackend) {}

  static async load(specPath: string): Promise<OpenApiCheck> {
    // quick: the platform's file has `$ref` with `nullable` siblings, which a strict definition check rejects.
    const [{ OpenAPIBackend: Backend }, { default: addFormats }] = await Promise.all([
      import('openapi-backend'),
      import('ajv-formats'),
    ]);
    const api = new Backend({
      definition: path.resolve(specPath),
      strict: false,
      validate: true,
      quick: true,
      ajvOpts: { logger: false, strict: false } as any,
      customizeAjv: (ajv) => {
        (addFormats as any)(ajv);
        return ajv;
      },
    });
    await api.init();
    return new OpenApiCheck(api);
  }

  /** The validation errors for one response, or [] when it conforms (or its operation is unknown). */
  errors(method: string, urlPath: string, status: number, body: unknown): string[] {
    const operation = this.api.matchOperation({
      method: method.toLowerCase(),
      path: urlPath.split('?')[0],
      headers: {},
    } as any);
    if (!operation) return [];
    const declared = operation.responses ?? {};
    if (!(String(status) in declared) && !('default' in declared)) {
      // The platform answers some contract errors its own file does not declare (403 on /auth/me and
      // /users): that is drift in the file, reported as a note; an undeclared success is an error.
      const note = `${method} ${urlPath}: status ${status} is not declared (declared: ${Object.keys(declared).join(', ')})`;
      if (status < 400) return [note];
      this.drift.add(note);
      return [];
    }
    if (status === 204 || body === undefined) return [];
    const result = this.api.validateResponse(body, operation, status);
    return result.valid
      ? []
      : (result.errors ?? []).map((e: any) => `${method} ${urlPath} ${status}: ${e.instancePath || '/'} ${e.message}`);
  }

  async check(method: string, urlPath: string, res: APIResponse): Promise<void> {
    const type = res.headers()['content-type'] ?? '';
    const body = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
    const before = this.drift.size;
    expect
      .soft(
        this.errors(method, urlPath, res.status(), body),
        `response conforms to the platform OpenAPI (${method} ${urlPath})`,
      )
      .toEqual([]);
    if (this.drift.size > before)
      test.info().annotations.push({ type: 'openapi-drift', description: [...this.drift].pop() });
  }
}
