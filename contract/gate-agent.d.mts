export interface GateAgentOutcome {
  outcome?: 'succeed' | 'fail' | 'crash-loop';
  exitCode?: number;
  /** How long the agent runs; with `hold`, the longest it stays held. */
  durationMs?: number;
  /** Keep running until the hold label is removed from the issue (kodex-gate/hold). */
  hold?: boolean;
  log?: string[];
}
export interface GateAgentPlan {
  exitCode: number;
  /** How long it runs; for a held plan, the hold's bound (the duration label, else holdMaxMs). */
  durationMs: number;
  /** Held until its issue loses the hold label (never with crashLoop). */
  hold: boolean;
  crashLoop: boolean;
  log: string[];
  ignored: string[];
}
export declare const GATE_AGENT: {
  readonly prefix: string;
  readonly labels: {
    readonly succeed: string;
    readonly fail: string;
    readonly crashLoop: string;
    readonly hold: string;
    exitCode(n: number): string;
    durationMs(n: number): string;
    log(text: string): string;
  };
  readonly env: { readonly githubApiUrl: string; readonly defaultDurationMs: string; readonly pollMs: string };
  readonly holdPollMs: number;
  readonly holdMaxMs: number;
  readonly standImage: string;
  readonly maxLabelLength: number;
};
export declare function outcomeLabels(o?: GateAgentOutcome): string[];
export declare function releaseLabels(o?: GateAgentOutcome): string[];
export declare function planFromLabels(names: string[], defaultDurationMs?: number): GateAgentPlan;
