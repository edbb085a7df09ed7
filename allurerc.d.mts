import type { FullConfig } from '@allurereport/core';

/** The GO rule as Allure quality-gate rules; `triaged`: scenario IDs a valid triage record made non-blocking. */
export function criticalQualityGate(triaged?: string[]): NonNullable<FullConfig['qualityGate']>;
declare const config: Record<string, unknown>;
export default config;
