import pg from 'pg';
import { test, expect } from '../../fixtures/index.js';
import { StandAdmin } from '../../helpers/clients/stand-admin.js';
import { bootStand } from '../../helpers/runner/stand-boot.js';

const onDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);

test('the fault switch is off on a stand started without it: it reports, and refuses to switch', async ({ gate }) => {
  // given: the suite's own stand, started without STAND_FAULT_SWITCH
  const stand = new StandAdmin(gate.GATE_BASE_URL, gate.target, 'a-token-it-does-not-have');
  // then: it reports its faults and settings, and a switch is refused
  const state = await stand.state();
  expect(state, 'the stand reports its faults and settings').toMatchObject({ switchable: false });
  await expect(stand.switchTo(['double-claim']), 'a stand without the switch refuses it').rejects.toThrow(/404/);
  // and: the switch is refused outright on any configured target
  await expect(new StandAdmin(gate.GATE_BASE_URL, 'staging', 'x').state()).rejects.toThrow(/only on the local stand/);
});

test('a stand with the fault switch takes faults at runtime, database blocks and workers included', async ({
  gate,
}) => {
  test.skip(gate.target !== 'local', 'boots a stand on the local cluster');
  test.setTimeout(120_000);
  // given: a stand with the switch, on a database of its own
  const admin = new pg.Client({ connectionString: onDatabase(gate.GATE_DATABASE_URL, 'postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS kodex_fault_switch WITH (FORCE)');
  await admin.query('CREATE DATABASE kodex_fault_switch');
  const booted = await bootStand({
    name: 'fault-switch',
    faults: [],
    faultSwitch: true,
    databaseUrl: onDatabase(gate.GATE_DATABASE_URL, 'kodex_fault_switch'),
  });
  const db = new pg.Client({ connectionString: booted.env.GATE_DATABASE_URL });
  try {
    await db.connect();
    const hasIndex = async () =>
      (await db.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'idx_flow_events_correlation_created_at'`))
        .rowCount === 1;
    const base = booted.env.GATE_BASE_URL;
    // then: without its token, or with a fault it does not know, the switch refuses
    await expect(new StandAdmin(base, 'local', 'wrong').switchTo([]), 'a wrong token').rejects.toThrow(/401/);
    await expect(
      new StandAdmin(base, 'local', booted.env.GATE_STAND_ADMIN_TOKEN).switchTo(['no-such-fault']),
      'an unknown fault is named',
    ).rejects.toThrow(/unknown fault\(s\) no-such-fault/);
    // when: faults are switched on, then off
    const stand = new StandAdmin(base, 'local', booted.env.GATE_STAND_ADMIN_TOKEN);
    const on = await stand.switchTo(['missing-index', 'double-claim']);
    // then: the stand has them (the answer comes after every worker confirmed), the database block applied
    expect(on.faults.sort(), 'the stand reports the faults switched on').toEqual(['double-claim', 'missing-index']);
    expect(await hasIndex(), 'missing-index dropped the index').toBe(false);
    const off = await stand.switchTo([]);
    expect(off.faults, 'no fault after switching them off').toEqual([]);
    expect(await hasIndex(), 'switching missing-index off restores the index').toBe(true);
  } finally {
    await db.end().catch(() => {});
    await booted.stop();
    await admin.query('DROP DATABASE IF EXISTS kodex_fault_switch WITH (FORCE)').catch(() => {});
    await admin.end();
  }
});
