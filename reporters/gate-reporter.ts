import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { loadGateConfig, ROOT, type GateConfig } from '../helpers/config.js';
import { gateGroup, readMatrix } from '../helpers/matrix.js';
import { KNOWN_TAGS } from '../helpers/scenario.js';
import { readFile } from 'node:fs/promises';
import { LEAKS_FILE } from '../global-teardown.js';
import AdmZip from 'adm-zip';
import { clearRuntimeSecrets, runtimeSecrets, scanArtifacts } from '../helpers/secrets.js';
import { computeVerdict, countLine, type Outcome } from '../helpers/verdict.js';

const OUT = path.resolve(ROOT, process.env.GATE_REPORT_DIR ?? 'gate-report');
const ARTIFACT_DIRS = ['test-results', 'gate-report', 'playwright-report', 'allure-results', 'allure-report'].map((d) => path.join(ROOT, d));
const firstLine = (s?: string) => s?.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())?.trim().slice(0, 300);

interface Entry extends Outcome { evidence: string[]; runIds: string[] }

/**
 * The gate reporter: verdict.json (GO / NO-GO), regression-report.md, a secret scan of every artifact,
 * and the closing `N passed, N failed` line.
 */
export default class GateReporter implements Reporter {
  private suite?: Suite;
  private cfg?: GateConfig;
  private cfgError = '';
  private problems: string[] = [];
  private startedAt = new Date();

  printsToStdio() { return true; }

  onBegin(_config: FullConfig, suite: Suite) {
    this.suite = suite;
    // Read now, while the target (or the booted stand) is up: by onEnd the stand and its kubeconfig are gone.
    try {
      this.cfg = loadGateConfig();
    } catch (err) {
      this.cfgError = (err as Error).message.split('\n').join(' ');
    }
    for (const test of suite.allTests()) {
      const unknown = test.tags.filter((t) => !(KNOWN_TAGS as readonly string[]).includes(t));
      if (unknown.length) this.problems.push(`unknown tag(s) ${unknown.join(', ')} on "${test.title}" (known: ${KNOWN_TAGS.join(' ')})`);
      if (test.tags.includes('@critical') && !scenarioOf(test)) this.problems.push(`@critical test "${test.title}" has no scenario annotation`);
    }
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const entries = (this.suite?.allTests() ?? []).map(toEntry);
    const verdict = computeVerdict(entries);
    verdict.reasons.unshift(...this.problems);
    const secretHits = await this.scanForSecrets();
    if (secretHits.length) verdict.reasons.unshift(`secrets found in artifacts: ${secretHits.join(', ')}`);
    const leaks = entries.some((e) => e.id) ? await this.leakCheck() : [];
    if (leaks.length) verdict.reasons.unshift(`objects left behind by this run: ${leaks.join(', ')}`);
    if (verdict.reasons.length && entries.some((e) => e.tags.includes('@critical'))) verdict.decision = 'NO-GO';
    const target = this.target();
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'verdict.json'), JSON.stringify({
      ...verdict, target: target.target, base_url: target.baseUrl, stand_faults: target.faults,
      suite_commit: process.env.GITHUB_SHA ?? process.env.GATE_SUITE_COMMIT ?? null,
      started_at: this.startedAt.toISOString(), finished_at: new Date().toISOString(), playwright_status: result.status,
    }, null, 2));
    await writeFile(path.join(OUT, 'regression-report.md'), regressionReport(entries, verdict, target));
    const critical = entries.some((e) => e.tags.includes('@critical'));
    if (critical) console.log(`\nkodex-gate verdict: ${verdict.decision}${verdict.reasons.length ? `\n  - ${verdict.reasons.join('\n  - ')}` : ''}\n  report: ${path.relative(process.cwd(), path.join(OUT, 'regression-report.md'))}`);
    this.closing = countLine(verdict);
    const broken = this.problems.length > 0 || secretHits.length > 0 || leaks.length > 0;
    return broken ? { status: 'failed' } : undefined;
  }

  private closing = '';

  private target() {
    return { target: this.cfg?.target ?? process.env.GATE_TARGET ?? 'local', baseUrl: this.cfg?.GATE_BASE_URL ?? null, faults: this.cfg?.GATE_STAND_FAULTS || null };
  }
  async onExit() {
    // Last, after every other reporter: the plain count line CI reads.
    if (this.closing) console.log(this.closing);
  }

  /** What the global teardown's leak check found (nothing a scenario created may remain). */
  private async leakCheck(): Promise<string[]> {
    try {
      return JSON.parse(await readFile(LEAKS_FILE, 'utf8'));
    } catch {
      return ['the leak check did not run (no global teardown result)'];
    }
  }

  /**
   * Scans all artifacts for the target's secrets and those minted during the run. A canary planted as
   * plain text, inside a zip and base64-encoded proves the scan finds each form.
   */
  private async scanForSecrets(): Promise<string[]> {
    if (!this.cfg) return [`the secret scan could not run: ${this.cfgError}`];
    const secrets = [...this.cfg.secrets, ...runtimeSecrets()];
    const canary = `kodex-gate-canary-${Math.random().toString(36).slice(2)}${Date.now()}`;
    const dir = path.join(OUT, 'canary');
    await mkdir(dir, { recursive: true });
    const planted = { plain: path.join(dir, 'plain.txt'), zip: path.join(dir, 'planted.zip'), base64: path.join(dir, 'base64.json') };
    await writeFile(planted.plain, `planted secret: ${canary}\n`);
    const zip = new AdmZip();
    zip.addFile('trace.network', Buffer.from(`{"cookie":"${canary}"}`));
    zip.writeZip(planted.zip);
    await writeFile(planted.base64, JSON.stringify({ body: Buffer.from(`x=${canary}`).toString('base64') }));
    const hits = await scanArtifacts(ARTIFACT_DIRS, [...secrets, canary]);
    await rm(dir, { recursive: true, force: true });
    clearRuntimeSecrets();
    const canaryIndex = secrets.length;
    const missed = Object.entries(planted).filter(([, file]) => !hits.some((h) => h.secretIndex === canaryIndex && h.file === file));
    if (missed.length) return [`the secret scanner missed its planted canary (${missed.map(([form]) => form).join(', ')}): scanner broken`];
    return hits.filter((h) => h.secretIndex !== canaryIndex).map((h) => `${path.relative(ROOT, h.file)} (secret #${h.secretIndex + 1})`);
  }
}

function scenarioOf(test: TestCase): string | undefined {
  return test.annotations.find((a) => a.type === 'scenario')?.description;
}

function toEntry(test: TestCase): Entry {
  const results = test.results;
  const last: TestResult | undefined = results[results.length - 1];
  const outcome = test.outcome();
  return {
    id: scenarioOf(test), title: test.title, tags: test.tags, outcome,
    error: outcome === 'unexpected' ? firstLine(last?.errors[0]?.message) : undefined,
    evidence: results.flatMap((r) => r.attachments.filter((a) => a.path && /trace|screenshot|evidence/.test(a.name)).map((a) => path.relative(ROOT, a.path!))),
    runIds: results.flatMap((r) => r.attachments.filter((a) => a.name === 'run_id' && a.body).map((a) => a.body!.toString())),
  };
}


function regressionReport(entries: Entry[], verdict: ReturnType<typeof computeVerdict>, target: { target: string; baseUrl: string | null; faults: string | null }): string {
  const matrix = readMatrix();
  const status = (e?: Entry) => !e ? 'not run' : e.outcome === 'expected' ? 'passed' : e.outcome === 'flaky' ? 'flaky' : e.outcome === 'skipped' ? 'skipped' : 'FAILED';
  const lines = [
    '# kodex-gate regression report', '',
    `- Decision: **${verdict.decision}**`, `- Target: ${target.target} (${target.baseUrl ?? 'n/a'})${target.faults ? `, stand faults: ${target.faults}` : ''}`,
    `- Tests: ${countLine(verdict)}; @critical ${verdict.critical.passed}/${verdict.critical.total} passed first try, ${verdict.critical.flaky} flaky`,
    `- Generated: ${new Date().toISOString()}`, '',
    ...(verdict.reasons.length ? ['## Reasons', ...verdict.reasons.map((r) => `- ${r}`), ''] : []),
    '## Scenarios by gate item', '', '| Group | Gate item | ID | Scenario | Status |', '|---|---|---|---|---|',
    ...matrix.map((row) => `| ${gateGroup(row.gateItem)} | ${row.gateItem} | ${row.id} | ${row.title} | ${status(entries.find((e) => e.id === row.id))} |`),
    '', '## Defects', '',
  ];
  const defects = entries.filter((e) => e.outcome === 'unexpected' || e.outcome === 'flaky');
  if (!defects.length) lines.push('None.');
  for (const d of defects) {
    lines.push(`### ${d.id ?? '-'} ${d.title} (${d.outcome === 'flaky' ? 'flaky' : 'failed'})`, '',
      `- Error: ${d.error ?? 'n/a'}`, ...(d.runIds.length ? [`- run_id: ${d.runIds.join(', ')}`] : []),
      ...d.evidence.map((p) => `- Evidence: \`${p}\``), '');
  }
  return `${lines.join('\n')}\n`;
}
