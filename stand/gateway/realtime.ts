import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type pg from 'pg';
import { ERRORS, PATHS } from '../../contract/kodex.js';
import type { Faults } from '../faults.js';
import { HttpError, staffOf } from './auth.js';
import { getRunRow, listEvents, listRuns, runJson } from './runs.js';
import { projectAccess } from './staff/access.js';

/**
 * The console's live feeds. Like upstream, the server polls and sends a snapshot only when its
 * fingerprint changed (upstream polls every 2 s; the stand's interval is STAND_REALTIME_MS).
 */
export function realtimeRoutes(
  app: FastifyInstance,
  deps: {
    pool: pg.Pool;
    faults: Faults;
    intervalMs: number;
  },
) {
  const access = projectAccess(deps.pool, deps.faults);
  const stream = (socket: WebSocket, produce: () => Promise<object | undefined>, once = false) => {
    let last = '';
    let closed = false;
    const tick = async () => {
      if (closed) return;
      try {
        const msg = await produce();
        const fingerprint = JSON.stringify(msg);
        if (msg && fingerprint !== last) {
          last = fingerprint;
          socket.send(JSON.stringify({ ...msg, sent_at: new Date().toISOString() }));
        }
      } catch (err) {
        socket.send(
          JSON.stringify({
            type: 'error',
            message: err instanceof HttpError ? err.message : 'internal error',
            sent_at: new Date().toISOString(),
          }),
        );
        // kodex closes the socket when the first snapshot fails (staff_realtime_handler.go)
        if (!last) {
          closed = true;
          socket.close();
          return;
        }
      }
      if (!once && !closed) timer = setTimeout(tick, deps.intervalMs);
    };
    let timer = setTimeout(tick, 0);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
    });
  };

  app.get(PATHS.runsRealtime, { websocket: true }, async (socket, req) => {
    const staff = staffOf(req);
    const q = req.query as any;
    const page = Math.max(Number(q.page) || 1, 1);
    const pageSize = Math.min(Math.max(Number(q.page_size) || 20, 1), 200);
    stream(
      socket,
      async () => {
        const runs = await listRuns(deps.pool, staff, page, pageSize);
        return {
          type: 'snapshot',
          items: runs.items,
          pagination: { page, page_size: pageSize, total_count: runs.total },
          wait_queue_count: runs.waitQueue,
          pending_approvals_count: 0,
        };
      },
      deps.faults.has('console-status-stale'),
    );
  });

  app.get(`${PATHS.staff}/runs/:id/realtime`, { websocket: true }, async (socket, req) => {
    const staff = staffOf(req);
    const id = (req.params as any).id as string;
    const limit = Math.min(Math.max(Number((req.query as any).limit) || 200, 1), 1000);
    let sentFirst = false;
    let lastRun = '';
    let lastEvents = '';
    stream(
      socket,
      async () => {
        const row = deps.faults.has('realtime-access-unchecked')
          ? await getRunRow(deps.pool, id)
          : await access.visibleRun(staff, id);
        if (!row) throw new HttpError(400, ERRORS.notFound('run_id'));
        const run = runJson(row);
        const events = await listEvents(deps.pool, row.correlation_id, limit, true);
        const runKey = JSON.stringify(run);
        const eventsKey = JSON.stringify(events);
        // After the first snapshot only the parts that changed are sent.
        let msg: object | undefined;
        if (!sentFirst) msg = { type: 'snapshot', run, events };
        else if (runKey !== lastRun) msg = { type: 'run', run };
        else if (eventsKey !== lastEvents) msg = { type: 'events', events };
        sentFirst = true;
        if (msg && (msg as any).type !== 'events') lastRun = runKey;
        if (msg && (msg as any).type !== 'run') lastEvents = eventsKey;
        return msg;
      },
      deps.faults.has('console-details-stale'),
    );
  });
}
