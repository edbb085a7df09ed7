import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

export class RunsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.page.goto(CONSOLE.routes.runs);
    await this.expectReady();
  }
  async expectReady(): Promise<void> {
    await this.expectLoaded(CONSOLE.titles.runs, CONSOLE.documentTitles.runs);
    for (const name of CONSOLE.runsColumns) await expect(this.page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  /** The table row of one run, found by its Details link. */
  row(runId: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.locator(`a[href="${CONSOLE.routes.run(runId)}"]`) });
  }
  statusChip(runId: string, status: string): Locator { return this.chipIn(this.row(runId), status); }
  async openDetails(runId: string): Promise<void> {
    await this.row(runId).getByRole('link', { name: CONSOLE.details }).click();
  }
}
