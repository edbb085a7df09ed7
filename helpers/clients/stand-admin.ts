import { STAND_FAULT_SWITCH, type StandFaultState } from '../../contract/faults.js';
import type { Target } from '../runner/config.js';

/**
 * The local stand's fault switch (contract/faults.ts STAND_FAULT_SWITCH): what a running stand has, and,
 * with its admin token, other faults without a restart. Refused on any target but the local stand.
 */
export class StandAdmin {
  constructor(
    private readonly baseUrl: string,
    private readonly target: Target,
    private readonly token?: string,
  ) {}

  /** The stand's faults and settings, or undefined when nothing there serves the switch (not a stand). */
  async state(): Promise<StandFaultState | undefined> {
    const res = await this.call('GET');
    if (res.status === 404) return undefined;
    return this.body(res, 'GET');
  }

  /** Switches the stand to exactly these faults (none: healthy); the answer comes once every worker has them. */
  async switchTo(faults: readonly string[]): Promise<StandFaultState> {
    if (!this.token)
      throw new Error(
        'switching stand faults needs GATE_STAND_ADMIN_TOKEN (a stand started with STAND_FAULT_SWITCH=1)',
      );
    return this.body(await this.call('PUT', { faults }), `PUT ${JSON.stringify(faults)}`);
  }

  private async call(method: 'GET' | 'PUT', body?: object): Promise<Response> {
    if (this.target !== 'local')
      throw new Error(`the stand's fault switch exists only on the local stand, not on target ${this.target}`);
    const url = `${this.baseUrl.replace(/\/+$/, '')}${STAND_FAULT_SWITCH.path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new Error(`${method} ${url} failed: ${(err as Error).cause ?? (err as Error).message}`);
    }
  }

  private async body(res: Response, what: string): Promise<StandFaultState> {
    const text = await res.text();
    if (!res.ok) throw new Error(`stand fault switch ${what} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as StandFaultState;
  }
}
