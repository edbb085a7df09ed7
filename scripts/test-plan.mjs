// `npm test`, first line: what it runs and roughly how long (2 shared cores; a faster machine takes less).
console.log(
  [
    'npm test runs, in order:',
    '  1. tsc, eslint, prettier, knip                  (about 1 min)',
    '  2. the staging rehearsal: the gate against the stand enacting runbook/staging-setup.md (npm run rehearse;',
    '     shared sandbox project, the runbook role, Job TTL, another tenant at work)   (about 1.5 min)',
    '     and the production rehearsal: the @readonly set, read-only role, no delete rights (under 1 min)',
    '  3. Playwright projects over one local stand:',
    "     selftest  the gate's own logic (config, verdict, reporter, doctor, matrix)",
    '     stand     the stand-in against the kodex contract (GitHub, Kubernetes, console, worker)',
    '     report    the Allure report opened offline (GO, NO-GO, history) and verdict lifecycle (several min)',
    '     gate      the gate scenarios                 (@critical alone about 4 min)',
    '     mutation  every scenario turns red under its stand faults (two lanes side by side, each a stand with',
    '               faults switched at runtime and one child run; about 5 min)',
    'Child gate runs print nothing here; each project reports in the list below, and the last line sums every run.',
  ].join('\n'),
);
