import { FAULT_CATALOG, type FaultName } from '../contract/faults.js';

export { FAULT_CATALOG, type FaultName };

export class Faults {
  private readonly on: Set<FaultName>;
  constructor(names: Iterable<FaultName>) {
    this.on = new Set(names);
  }
  has(name: FaultName): boolean {
    return this.on.has(name);
  }
  list(): FaultName[] {
    return [...this.on];
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
