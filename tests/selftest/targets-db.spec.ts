/** On production, database sessions are read-only at the connection level: a write reaches PostgreSQL and is refused. */
import { test, expect } from '@playwright/test';
import { GateDb } from '../../helpers/clients/db.js';
import { selftestDatabaseUrl } from '../../helpers/runner/config.js';

const url = selftestDatabaseUrl();

test('a production session refuses a write; a staging session on the same database may write', async () => {
  const prod = new GateDb(url, 'production');
  const staging = new GateDb(url, 'staging');
  try {
    expect(await prod.writeProbe(), 'production session accepted a write').toMatch(
      /cannot execute CREATE TABLE in a read-only transaction/,
    );
    expect(await staging.writeProbe(), 'staging session could not write (is the database reachable?)').toBeNull();
  } finally {
    await Promise.all([prod.close(), staging.close()]);
  }
});
