import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { STAND_FAULT_SWITCH, type StandFaultState, type StandSetting } from '../contract/faults.js';
import { migrate } from './db/database.js';
import { FAULTS_ACK, FAULTS_MESSAGE, parseFaults, type FaultName, type Faults } from './faults.js';

export interface FaultSwitchOptions {
  faults: Faults;
  pool: pg.Pool;
  /** The worker processes alive now. */
  workers: () => ChildProcess[];
  settings: Record<StandSetting, number>;
  /** The admin token PUT needs; undefined: the switch is off (the default), GET still reports. */
  token?: string;
  log: (m: string) => void;
}

/**
 * The stand-only fault switch: a running stand takes another set of faults without a restart. The gateway's
 * Faults object changes at once, the database blocks (stand/db/faults.sql) are reapplied, and every worker
 * process confirms the new set before the answer, so the switch is in force when the caller reads it.
 */
export function faultSwitchRoutes(app: FastifyInstance, o: FaultSwitchOptions): void {
  const state = (): StandFaultState => ({ faults: o.faults.list(), settings: o.settings, switchable: !!o.token });
  app.get(STAND_FAULT_SWITCH.path, async () => state());
  app.put(STAND_FAULT_SWITCH.path, async (req, reply) => {
    if (!o.token)
      return reply.code(404).send({ error: 'the fault switch is off; start the stand with STAND_FAULT_SWITCH=1' });
    if (req.headers.authorization !== `Bearer ${o.token}`)
      return reply.code(401).send({ error: 'the fault switch needs the stand admin token (GATE_STAND_ADMIN_TOKEN)' });
    const asked = (req.body as { faults?: unknown } | undefined)?.faults;
    if (!Array.isArray(asked) || !asked.every((f) => typeof f === 'string'))
      return reply.code(400).send({ error: 'body must be {"faults": ["fault-name", ...]}' });
    let names: FaultName[];
    try {
      names = parseFaults(asked.join(',')).list();
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message });
    }
    o.faults.set(names);
    await migrate(o.pool, o.faults);
    await Promise.all(o.workers().map((w) => tellWorker(w, names)));
    o.log(`faults switched to: ${names.join(', ') || '(none)'}`);
    return state();
  });
}

/**
 * Sends a worker its new fault set until it confirms (bounded): a worker still loading has no listener yet, and
 * a message it gets before that is lost. Setting the same set twice is harmless.
 */
function tellWorker(worker: ChildProcess, names: FaultName[]): Promise<void> {
  if (worker.exitCode !== null || !worker.connected) return Promise.reject(new Error(`worker ${worker.pid} is gone`));
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const send = () => worker.connected && worker.send({ type: FAULTS_MESSAGE, id, faults: names });
    const resend = setInterval(send, 250);
    const done = () => {
      clearInterval(resend);
      clearTimeout(timer);
      worker.off('message', onMessage);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker ${worker.pid} did not confirm the fault switch within 60 s (still loading?)`));
    }, 60_000);
    const onMessage = (m: { type?: string; id?: string }) => {
      if (m?.type !== FAULTS_ACK || m.id !== id) return;
      done();
      resolve();
    };
    worker.on('message', onMessage);
    send();
  });
}
