import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError } from '@playwright/test/reporter';
import { loadGateConfig, ROOT, runSettings, type GateConfig } from '../helpers/runner/config.js';
import { KNOWN_TAGS } from '../helpers/checks/scenario.js';
import { clearRuntimeSecrets, runtimeSecrets } from '../helpers/runner/run-secrets.js';
import { countLine, oneLine, type Verdict } from '../helpers/runner/verdict.js';
import { verdictNotes } from '../helpers/runner/notes.js';
import { clearVerdict } from '../helpers/runner/verdict-file.js';
import { standBooted } from '../helpers/runner/stand-boot.js';
import { scanForSecrets } from './artifact-scan.js';
import { publishVerdict } from './release-check.js';
import { tidyAllureResults } from './allure-tidy.js';
import { readLeaks, readRunProblems } from './leak-reading.js';
import { writeMutationTable } from './mutation-table.js';
import { copyAllureIntoShard } from './shard-copy.js';
import { attachToAllure, writeOutputs, writePlaceholder, type Entry, type RunResults } from './report-writer.js';
import { stripVTControlCharacters } from 'node:util';

const firstLine = (s?: string) =>
  s === undefined
    ? undefined
    : stripVTControlCharacters(s)
        .split('\n')
        .find((l) => l.trim())
        ?.trim()
        .slice(0, 300);
/**
 * An error in one line that says what was expected and what was seen: the first line, plus an expect's
 * Expected/Received lines when it has them.
 */
export function errorSummary(s?: string): string | undefined {
  if (s === undefined) return undefined;
  const lines = stripVTControlCharacters(s).split('\n');
  const pick = (label: string) =>
    lines
      .find((l) => new RegExp(`^\\s*${label}( string| value| pattern)?:`).test(l))
      ?.replace(/^\s*\w+( \w+)?:\s*/, '');
  const [expected, received] = [pick('Expected'), pick('Received')];
  const head = firstLine(s) ?? '';
  return expected !== undefined && received !== undefined && !head.includes('Received')
    ? `${head} (expected ${expected.slice(0, 120)}, seen ${received.slice(0, 120)})`
    : head;
}
/** `playwright test --list` collects without running: the reporter must then leave every result alone. */
const listMode = () => process.argv.includes('--list');

export interface GateReporterOptions {
  outputDir?: string;
  allureResultsDir?: string;
  /** No console output (the reporter's own selftests: their verdict blocks are not the run's). */
  silent?: boolean;
}

/**
 * The gate reporter: orchestrates the verdict (helpers/runner/verdict.ts), the secret scan (artifact-scan.ts),
 * the leak and problem reading (leak-reading.ts) and the outputs (report-writer.ts), and prints the
 * closing `N passed, N failed` line.
 */
export default class GateReporter implements Reporter {
  private suite?: Suite;
  private config?: FullConfig;
  private cfg?: GateConfig;
  private cfgError = '';
  private problems: string[] = [];
  private startedAt = new Date();
  private closing = '';
  /** What onBegin starts (Playwright does not await it, and the tests may end first): onEnd awaits it. */
  private begun: Promise<void> = Promise.resolve();
  private readonly out: string;
  private readonly allureDir: string;
  private readonly active = !listMode();
  private readonly log: (line: string) => void;

  constructor(options: GateReporterOptions = {}) {
    const run = runSettings();
    this.out = options.outputDir ? path.resolve(ROOT, options.outputDir) : run.reportDir;
    this.allureDir = options.allureResultsDir ? path.resolve(ROOT, options.allureResultsDir) : run.allureResultsDir;
    this.log = options.silent ? () => {} : (line) => console.log(line);
  }

  printsToStdio() {
    return this.active;
  }

  /** Returns what it started (Playwright ignores it; a caller that drives the reporter itself awaits it). */
  onBegin(config: FullConfig, suite: Suite): Promise<void> {
    this.suite = suite;
    this.config = config;
    // A listing decides nothing: it leaves no verdict, and never the one of the run before.
    if (!this.active) {
      clearVerdict(this.out);
      return this.begun;
    }
    this.begun = this.begin(suite);
    return this.begun;
  }

  private async begin(suite: Suite) {
    // Every run starts empty: no earlier verdict, leak list or Allure result may speak for this one.
    await rm(this.out, { recursive: true, force: true });
    await rm(this.allureDir, { recursive: true, force: true });
    await mkdir(this.allureDir, { recursive: true });
    await writePlaceholder(this.out, this.startedAt);
    // Read now, while the target (or the booted stand) is up: by onEnd the stand and its kubeconfig are gone.
    // A stand this run booted is read once it serves, and only then is the whole configuration checked (its tests
    // are not run when either fails: fixtures/index.ts, standUp).
    try {
      await standBooted().catch((err: Error) => {
        this.problems.push(`the local stand did not start, so nothing was checked: ${firstLine(err.message)}`);
        throw err;
      });
      try {
        this.cfg = loadGateConfig();
      } catch (err) {
        this.problems.push(`the configuration was refused, so nothing was checked: ${oneLine((err as Error).message)}`);
        throw err;
      }
    } catch (err) {
      this.cfgError = (err as Error).message.split('\n').join(' ');
    }
    for (const test of suite.allTests()) {
      const unknown = test.tags.filter((t) => !(KNOWN_TAGS as readonly string[]).includes(t));
      if (unknown.length)
        this.problems.push(`unknown tag(s) ${unknown.join(', ')} on "${test.title}" (known: ${KNOWN_TAGS.join(' ')})`);
      if (test.tags.includes('@critical') && !scenarioOf(test))
        this.problems.push(`@critical test "${test.title}" has no scenario annotation`);
    }
  }

  /** Errors outside any test: global setup/teardown, worker fixture teardown (the world's cleanup), reporters. */
  onError(error: TestError) {
    if (this.active) this.problems.push(`error outside the tests: ${firstLine(error.message) ?? 'unknown error'}`);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (!this.active) return undefined;
    try {
      await this.begun;
      const { verdict, problems } = await this.finish(result);
      // Only a run with gate scenarios prints the block (a selftest or stand-test run has no verdict to tell).
      if (verdict.critical.total || (this.suite?.allTests() ?? []).some(scenarioOf)) {
        this.log(
          `\nkodex-gate verdict: ${verdict.decision}${verdict.reasons.length ? `\n  - ${verdict.reasons.join('\n  - ')}` : ''}` +
            `${verdict.not_run.length ? `\n  not run: ${verdict.not_run.join(', ')}` : ''}${verdict.warnings.length ? `\n  warnings: ${verdict.warnings.join('; ')}` : ''}` +
            `\n  report: ${path.relative(process.cwd(), path.join(this.out, 'regression-report.md'))}`,
        );
      }
      this.closing = countLine(verdict);
      return problems.length ? { status: 'failed' } : undefined;
    } catch (err) {
      // NO-GO, saying why.
      this.problems.push(`the gate reporter failed: ${firstLine((err as Error).stack ?? String(err))}`);
      await writePlaceholder(this.out, this.startedAt, this.problems).catch(() => {});
      this.log(`kodex-gate verdict: NO-GO (${this.problems.at(-1)})`);
      return { status: 'failed' };
    }
  }

  private async finish(result: FullResult): Promise<{ verdict: Verdict; problems: string[] }> {
    const entries = (this.suite?.allTests() ?? []).map(toEntry);
    const ranScenario = entries.some((e) => e.id && e.ran !== false);
    const problems = [...this.problems, ...(await readRunProblems(this.out))];
    problems.push(...(await this.scan()));
    if (ranScenario) problems.push(...(await readLeaks(this.out)));
    if (entries.some((e) => e.ran !== false) && !readdirSafe(this.allureDir).some((f) => f.endsWith('-result.json'))) {
      problems.push(`no Allure results in ${path.relative(ROOT, this.allureDir)}: the Allure reporter failed`);
    }
    const run = runSettings();
    const results: RunResults = {
      version: 1,
      shard: this.config?.shard ?? null,
      status: result.status,
      problems,
      entries,
      target: {
        target: this.cfg?.target ?? run.target,
        baseUrl: this.cfg?.GATE_BASE_URL ?? null,
        faults: this.cfg?.GATE_STAND_FAULTS || null,
        suiteCommit: run.suiteCommit,
      },
      started_at: this.startedAt.toISOString(),
      finished_at: new Date().toISOString(),
    };
    const verdict = await writeOutputs(this.out, results);
    // The decision where the release happens (one shard alone never decides: the merge would).
    if (this.cfg && !results.shard) {
      try {
        const published = await publishVerdict(this.cfg, verdict, entries);
        if (published) this.log(`kodex-gate: published ${published}`);
      } catch (err) {
        problems.push(`the verdict could not be published on GATE_RELEASE_SHA: ${firstLine((err as Error).message)}`);
      }
    }
    await writeMutationTable(this.suite?.allTests() ?? [], this.out);
    await tidyAllureResults(this.allureDir);
    await attachToAllure(this.allureDir, this.out);
    if (results.shard) await copyAllureIntoShard(this.allureDir, this.out);
    return { verdict, problems };
  }

  private async scan(): Promise<string[]> {
    if (!this.cfg) return [`the secret scan could not run: ${this.cfgError}`];
    // allure-report/ is made after the run, from allure-results/ (scanned here); an old one is not this run's.
    const dirs = ['test-results', 'playwright-report'].map((d) => path.join(ROOT, d)).concat(this.out, this.allureDir);
    try {
      return await scanForSecrets(
        dirs,
        [...this.cfg.secrets, ...runtimeSecrets()],
        path.join(this.out, 'canary'),
        ROOT,
      );
    } finally {
      clearRuntimeSecrets();
    }
  }

  async onExit() {
    // Last, after every other reporter: the plain count line CI reads.
    if (this.closing) this.log(this.closing);
  }
}

const readdirSafe = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

function scenarioOf(test: TestCase): string | undefined {
  return test.annotations.find((a) => a.type === 'scenario')?.description;
}

export function toEntry(test: TestCase): Entry {
  const results = test.results;
  const outcome = test.outcome();
  const firstError = results.find((r) => r.errors.length)?.errors[0]?.message;
  const annotations = [...test.annotations, ...results.flatMap((r) => r.annotations ?? [])];
  return {
    id: scenarioOf(test),
    title: test.title,
    tags: test.tags,
    outcome,
    ran: results.some((r) => r.status !== 'interrupted'),
    error: outcome === 'unexpected' || outcome === 'flaky' ? errorSummary(firstError) : undefined,
    warnings: verdictNotes(annotations),
    evidence: results.flatMap((r) =>
      r.attachments
        .filter((a) => /trace|screenshot|evidence/.test(a.name))
        .map((a) =>
          a.path ? path.relative(ROOT, a.path) : `${a.name} (attached to the test in the Allure and HTML reports)`,
        ),
    ),
    runIds: [
      ...new Set(
        results.flatMap((r) =>
          r.attachments.filter((a) => a.name === 'run_id' && a.body).map((a) => a.body!.toString()),
        ),
      ),
    ],
  };
}
