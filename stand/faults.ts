import { FAULT_CATALOG, type FaultName } from '../contract/faults.js';

export { FAULT_CATALOG, type FaultName };

/**
 * The faults switched on. Code reads `has(...)` at the moment of use, so a runtime switch
 * (stand/fault-switch.ts) reaches every fault, whoever added it.
 */
export class Faults {
  private on: Set<FaultName>;
  constructor(names: Iterable<FaultName>) {
    this.on = new Set(names);
  }
  has(name: FaultName): boolean {
    return this.on.has(name);
  }
  list(): FaultName[] {
    return [...this.on];
  }
  /** Replaces the set (the runtime switch; the worker processes get the same list over IPC). */
  set(names: Iterable<FaultName>): void {
    this.on = new Set(names);
  }
}

/** Parses STAND_FAULTS; an unknown name is a start-up error that lists the known ones. */
export function parseFaults(raw: string | undefined): Faults {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in FAULT_CATALOG));
  if (unknown.length) {
    throw new Error(
      `STAND_FAULTS: unknown fault(s) ${unknown.join(', ')}. Known: ${Object.keys(FAULT_CATALOG).join(', ')}`,
    );
  }
  return new Faults(names as FaultName[]);
}

/** The IPC messages between the stand's fault switch (stand/fault-switch.ts) and its worker processes. */
export const FAULTS_MESSAGE = 'stand-faults';
export const FAULTS_ACK = 'stand-faults-ack';

/** In a worker process: obey the stand's fault switch messages (then `switched`: the worker looks again at once). */
export function followFaultSwitch(faults: Faults, switched: () => void = () => {}): void {
  process.on('message', (m: { type?: string; id?: string; faults?: FaultName[] }) => {
    if (m?.type !== FAULTS_MESSAGE) return;
    faults.set(m.faults ?? []);
    process.send?.({ type: FAULTS_ACK, id: m.id });
    switched();
  });
}
