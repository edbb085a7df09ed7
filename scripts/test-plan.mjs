// `npm test`, first line: what it runs and roughly how long (2 shared cores; a faster machine takes less).
console.log(
  [
    'npm test runs two tracks side by side, each step printing its lines under its name ([tsc], [staging], ...):',
    '  track 1: tsc, eslint, prettier, knip',
    '           staging     the gate against the stand enacting runbook/staging-setup.md (shared sandbox project,',
    '                       the runbook role, Job TTL, another tenant at work); its verdict must be GO',
    '           production  the @readonly set, read-only role, no delete rights; its verdict must be GO',
    "           suite       the suite's own projects over one local stand: selftest (config, verdict, reporter, doctor,",
    '                       matrix), stand (the stand-in against the kodex contract), report (the Allure report offline)',
    '  track 2: mutation    every scenario healthy on a local stand (the control), then red under each of its stand',
    '                       faults, switched at runtime; two lanes side by side, each a stand and one child run',
    'Child gate runs print nothing here. The last line sums every step; `npm run bench` times the gate alone.',
  ].join('\n'),
);
