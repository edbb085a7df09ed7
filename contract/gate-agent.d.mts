export interface GateAgentOutcome {
  outcome?: 'succeed' | 'fail' | 'crash-loop';
  exitCode?: number;
  durationMs?: number;
  log?: string[];
}
export interface GateAgentPlan {
  exitCode: number;
  durationMs: number;
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
    exitCode(n: number): string;
    durationMs(n: number): string;
    log(text: string): string;
  };
  readonly env: { readonly githubApiUrl: string; readonly defaultDurationMs: string };
  readonly standImage: string;
  readonly maxLabelLength: number;
};
export declare function outcomeLabels(o?: GateAgentOutcome): string[];
export declare function planFromLabels(names: string[], defaultDurationMs?: number): GateAgentPlan;
