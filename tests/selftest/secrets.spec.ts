import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { test, expect } from '@playwright/test';
import { redact, scanArtifacts } from '../../helpers/checks/secrets.js';

const SECRET = 'kodex-gate-selftest-secret-0123456789';

test('the scanner finds a secret in a file, inside a zip, and base64-encoded', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gate-scan-'));
  await writeFile(path.join(dir, 'clean.txt'), 'nothing here');
  await writeFile(path.join(dir, 'log.txt'), `token=${SECRET}`);
  const zip = new AdmZip();
  zip.addFile('trace.network', Buffer.from(`{"headers":{"x":"${SECRET}"}}`));
  zip.writeZip(path.join(dir, 'trace.zip'));
  await writeFile(path.join(dir, 'attachment.json'), JSON.stringify({ body: Buffer.from(SECRET).toString('base64') }));
  const hits = (await scanArtifacts([dir], [SECRET])).map((h) => path.basename(h.file)).sort();
  expect(hits).toEqual(['attachment.json', 'log.txt', 'trace.zip']);
});
test("base64 at any byte alignment, and the HTML report's embedded zip, are found", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gate-scan-'));
  for (const pad of ['', 'a', 'ab'])
    await writeFile(path.join(dir, `b64-${pad.length}.txt`), Buffer.from(`${pad}${SECRET}tail`).toString('base64'));
  const report = new AdmZip();
  report.addFile('data.json', Buffer.from(`{"v":"${SECRET}"}`));
  await writeFile(
    path.join(dir, 'index.html'),
    `<script>window.playwrightReportBase64 = "data:application/zip;base64,${report.toBuffer().toString('base64')}";</script>`,
  );
  const hits = (await scanArtifacts([dir], [SECRET])).map((h) => path.basename(h.file)).sort();
  expect(hits).toEqual(['b64-0.txt', 'b64-1.txt', 'b64-2.txt', 'index.html']);
});
test('redaction removes every known secret', () => {
  expect(redact(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe('a «redacted» b «redacted»');
});
