import { FAULT_CATALOG, type FaultSpec } from '../../contract/faults.js';
import { NOTHING } from '../../helpers/runner/child-gate.js';

/** A share of one scenario's mutation check: its healthy control, then some of the faults that name it. */
export interface Unit {
  id: string;
  spec: string;
  faults: string[];
  /** A fault whose traces outlive the switch (`outlivesSwitch`): it runs last on its stand. */
  isolated: boolean;
}

/**
 * A lane: a stand of its own and one child gate run over its scenarios, the plan of each (the control, then its
 * faults, one per repeat) and each fault's scenarios there.
 */
export interface Lane {
  name: string;
  ids: string[];
  specs: string[];
  plan: Record<string, string[]>;
  targets: Map<string, string[]>;
  /** The estimated seconds it takes (lanes are balanced on it). */
  cost: number;
}

/**
 * Seconds one test of a scenario takes in a lane beside another on 2 loaded cores, its control and faults averaged
 * (measured: a fault that waits out a run timeout, console pages and N1's burst are the long ones). Only the balance
 * of the lanes depends on them.
 */
const TEST_SECONDS: Record<string, number> = {
  N1: 8,
  C1: 9,
  P1: 8,
  R5: 8,
  U1: 7,
  P3: 6,
  R4: 6,
  R1: 4,
  R3: 3,
  A2: 3,
  R2: 3,
  W2: 3,
  W5: 3,
  D3: 3,
  W4: 2,
  D2: 2,
};
const DEFAULT_TEST_SECONDS = 2;
/** What a repeat adds besides its tests: the last worker's world cleaned up, a new worker and world. */
const REPEAT_SECONDS = 8;
/**
 * A scenario's faults, at most this many to a lane: each is a repeat of the lane (and a worker), so a scenario
 * with more is split over lanes, each share with its own healthy control.
 */
const FAULTS_PER_LANE = 4;

const faults = Object.entries(FAULT_CATALOG) as [string, FaultSpec][];
const secondsOf = (id: string) => TEST_SECONDS[id] ?? DEFAULT_TEST_SECONDS;
const unitCost = (u: Unit) => (u.faults.length + 1) * secondsOf(u.id);

/**
 * Every scenario a fault names, with its faults (in shares of FAULTS_PER_LANE at most); a fault whose traces
 * outlive the switch makes a unit of its own.
 */
export function unitsOf(specOf: Map<string, string>): Unit[] {
  const shared = new Map<string, Unit>();
  const isolated: Unit[] = [];
  for (const [fault, f] of faults) {
    for (const id of f.scenarios) {
      const spec = specOf.get(id);
      if (!spec) continue; // reported by the catalog test
      if (f.outlivesSwitch) isolated.push({ id, spec, faults: [fault], isolated: true });
      else {
        const unit = shared.get(id) ?? { id, spec, faults: [], isolated: false };
        shared.set(id, unit);
        unit.faults.push(fault);
      }
    }
  }
  const split = [...shared.values()].flatMap((u) => {
    const shares = Math.ceil(u.faults.length / FAULTS_PER_LANE);
    return Array.from({ length: shares }, (_, i) => ({
      ...u,
      faults: u.faults.filter((_f, k) => k % shares === i),
    }));
  });
  return [...split, ...isolated];
}

/**
 * The lane of these units: one plan, their spec files, one grep. The isolated unit's fault comes last, alone in a
 * repeat after every other test of the lane (NOTHING is planned for the others there), so its traces reach no
 * later test; its scenario's control is the lane's first repeat, as for every other.
 */
function laneOf(name: string, units: Unit[], isolated?: Unit): Lane {
  const plan: Record<string, string[]> = {};
  const targets = new Map<string, string[]>();
  const on = (fault: string, id: string) => targets.set(fault, [...(targets.get(fault) ?? []), id]);
  for (const u of units) {
    plan[u.id] = ['', ...u.faults];
    u.faults.forEach((f) => on(f, u.id));
  }
  const repeats = Math.max(1, ...Object.values(plan).map((p) => p.length));
  if (isolated) {
    const before = plan[isolated.id] ?? [''];
    plan[isolated.id] = [...before, ...Array<string>(repeats - before.length).fill(NOTHING), ...isolated.faults];
    isolated.faults.forEach((f) => on(f, isolated.id));
  }
  const all = isolated ? [...units, isolated] : units;
  const entries = Object.entries(plan);
  return {
    name,
    ids: [...new Set(all.map((u) => u.id))],
    specs: [...new Set(all.map((u) => u.spec))].sort(),
    plan,
    targets,
    cost:
      Math.max(...entries.map(([, p]) => p.length)) * REPEAT_SECONDS +
      entries.reduce((sum, [id, p]) => sum + p.filter((f) => f !== NOTHING).length * secondsOf(id), 0),
  };
}

/**
 * Spreads the units over `count` lanes (stands), longest first onto the lane with the least work so far that does
 * not have that scenario yet (one plan per scenario in a child run). An isolated unit ends its lane, so there is one
 * per lane at most.
 */
export function lanesOf(units: Unit[], count: number): Lane[] {
  const isolated = units.filter((u) => u.isolated);
  const lanes = Array.from({ length: Math.max(count, isolated.length) }, (_, i) => ({
    shared: [] as Unit[],
    isolated: isolated[i] as Unit | undefined,
  }));
  const costOf = (l: (typeof lanes)[number]) => laneOf('', l.shared, l.isolated).cost;
  for (const u of units.filter((x) => !x.isolated).sort((a, b) => unitCost(b) - unitCost(a))) {
    const free = lanes.filter((l) => !l.shared.some((x) => x.id === u.id));
    if (!free.length) throw new Error(`${u.id} has more shares than there are lanes (${count})`);
    free.reduce((min, l) => (costOf(l) < costOf(min) ? l : min)).shared.push(u);
  }
  return lanes.map((l, i) => laneOf(`lane${i + 1}`, l.shared, l.isolated));
}
