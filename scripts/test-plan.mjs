// `npm test`, first line: what it runs and roughly how long (2 shared cores; a faster machine takes less).
console.log(
  [
    'npm test runs its steps in two lanes side by side, each lane taking the next step not started, each step',
    'printing its lines under its name ([mutation], [staging], ...):',
    '  mutation    every scenario healthy on a local stand (the control), then red under each of its stand faults,',
    '              switched at runtime; lanes of its own side by side, each a stand and one child run',
    '  staging     the gate against the stand enacting runbook/staging-setup.md (shared sandbox project, the',
    '              runbook role, Job TTL, another tenant at work); its verdict must be GO',
    "  suite       the suite's own projects over one local stand: selftest (config, verdict, reporter, doctor,",
    '              matrix), stand (the stand-in against the kodex contract), report (the Allure report offline)',
    '  production  the @readonly set, read-only role, no delete rights; its verdict must be GO',
    '  eslint, tsc, prettier, knip: the static checks, last, in whichever lane frees first',
    'Child gate runs print nothing here. The last line sums every step; `npm run bench` times the gate alone.',
  ].join('\n'),
);
