import { test } from '@playwright/test';
import type { GateConfig } from '../runner/config.js';
import { notesFor } from '../runner/notes.js';

export type BoundaryScenario = 'W1' | 'B1';

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return a === b;
  }
};

/**
 * What a security-boundary scenario cannot check with this configuration, as "set X (why)" lines.
 * On the local stand the stand provides both sides; on staging and production the public side must be named.
 */
export function boundaryGaps(cfg: GateConfig, id: BoundaryScenario): string[] {
  if (cfg.target === 'local') return [];
  if (id === 'B1')
    return cfg.GATE_KUBE_PUBLIC_ENDPOINTS
      ? []
      : ['GATE_KUBE_PUBLIC_ENDPOINTS (the host:port list where no cluster API may answer)'];
  if (!cfg.GATE_PUBLIC_URL) return ['GATE_PUBLIC_URL (the public ingress, oauth2-proxy in front)'];
  if (cfg.GATE_STAFF_AUTH === 'header' && sameOrigin(cfg.GATE_PUBLIC_URL, cfg.GATE_BASE_URL)) {
    return [
      'GATE_PUBLIC_URL to the public ingress: it equals GATE_BASE_URL, which in header mode is the internal address behind oauth2-proxy',
    ];
  }
  return [];
}

/**
 * Called first in a boundary scenario: a missing setting fails it with "not checked: set X", unless
 * GATE_BOUNDARY_WAIVER names the scenario; then the gap is recorded as a warning in verdict.json.
 */
export function requireBoundarySettings(cfg: GateConfig, id: BoundaryScenario): void {
  const gaps = boundaryGaps(cfg, id);
  if (!gaps.length) return;
  const message = `${id} not checked: set ${gaps.join('; set ')}`;
  const waiver = cfg.boundaryWaiver;
  if (!waiver?.scenarios.includes(id))
    throw new Error(`${message} (or waive it: GATE_BOUNDARY_WAIVER="${id}: reason")`);
  notesFor(test.info()).warning(`${message}; waived by GATE_BOUNDARY_WAIVER: ${waiver.reason}`);
}
