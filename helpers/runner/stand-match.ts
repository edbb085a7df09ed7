import { STAND_FAULT_SWITCH, type StandFaultState, type StandSetting } from '../../contract/faults.js';
import { StandAdmin } from '../clients/stand-admin.js';
import type { GateConfig, StandAsk } from './config.js';

/** Every way the running stand differs from what this run asked for, in words naming the variable. */
export function standDifferences(ask: StandAsk, live: StandFaultState): string[] {
  const out: string[] = [];
  const has = [...live.faults].sort();
  if (has.join(',') !== ask.faults.join(','))
    out.push(`STAND_FAULTS: asked "${ask.faults.join(',')}", the running stand has "${has.join(',')}"`);
  for (const [name, value] of Object.entries(ask.settings) as [StandSetting, number][])
    if (live.settings[name] !== value)
      out.push(`${name}: asked ${value}, the running stand has ${live.settings[name] ?? 'none'}`);
  return out;
}

/**
 * A local run that targets a stand it did not boot (reused on STAND_PORT, or named by GATE_BASE_URL) gets the
 * faults and settings it asked for, or is refused, naming each difference. Faults alone are switched when the
 * stand has the runtime switch and this run holds its token; settings never are. Returns what it did.
 */
export async function matchRunningStand(cfg: GateConfig, ask: StandAsk): Promise<string | undefined> {
  const stand = new StandAdmin(cfg.GATE_BASE_URL, cfg.target, cfg.GATE_STAND_ADMIN_TOKEN);
  const live = await stand.state();
  if (!live)
    throw new Error(
      `refused: ${cfg.GATE_BASE_URL} is a local target without the stand's ${STAND_FAULT_SWITCH.path}: not a kodex-gate stand, so its faults and settings cannot be checked`,
    );
  const diff = standDifferences(ask, live);
  if (!diff.length) return undefined;
  const onlyFaults = diff.every((d) => d.startsWith('STAND_FAULTS:'));
  if (onlyFaults && live.switchable && cfg.GATE_STAND_ADMIN_TOKEN) {
    await stand.switchTo(ask.faults);
    return `switched the running stand's faults: ${diff[0]}`;
  }
  throw new Error(
    `refused: the running stand at ${cfg.GATE_BASE_URL} is not what this run asked for:\n${diff.map((d) => `  - ${d}`).join('\n')}\nStop it (or start it with these settings), or unset what differs; a run never ignores the faults it asked for.`,
  );
}
