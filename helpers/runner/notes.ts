import type { TestInfo } from '@playwright/test';

/**
 * The one vocabulary of test annotations that qualify a result. `not checked` and `warning` say a scenario
 * checked less than its title (or found something not blocking): both reach verdict.json `warnings` and the top
 * of regression-report.md. `measured` is information only. Specs add them through the `notes` fixture.
 */
export const NOTE = {
  notChecked: 'not checked',
  warning: 'warning',
  measured: 'measured',
} as const;
type NoteType = (typeof NOTE)[keyof typeof NOTE];

/** The note types that must never stay silent: the gate reporter copies them into the verdict's warnings. */
const VERDICT_NOTES: readonly NoteType[] = [NOTE.notChecked, NOTE.warning];

export interface Notes {
  /** A part of the scenario that did not run here, and why. */
  notChecked(what: string): void;
  /** Something found that does not fail the gate but the owner must see. */
  warning(what: string): void;
  /** A figure worth keeping next to the result (shown in the reports, not a warning). */
  measured(what: string): void;
}

export const notesFor = (info: Pick<TestInfo, 'annotations'>): Notes => {
  const add = (type: NoteType) => (description: string) => info.annotations.push({ type, description });
  return { notChecked: add(NOTE.notChecked), warning: add(NOTE.warning), measured: add(NOTE.measured) };
};

/** A test's verdict warnings from its annotations, each prefixed with its type ("not checked: …"). */
export const verdictNotes = (annotations: { type: string; description?: string }[]): string[] => [
  ...new Set(
    annotations
      .filter((a) => (VERDICT_NOTES as string[]).includes(a.type) && a.description)
      .map((a) => `${a.type}: ${a.description}`),
  ),
];
