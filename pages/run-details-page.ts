import { type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

export class RunDetailsPage extends ConsolePage {
  async open(runId: string): Promise<void> {
    await this.page.goto(CONSOLE.routes.run(runId));
    await this.expectLoaded(CONSOLE.titles.runDetails, CONSOLE.documentTitles.runDetails);
  }
  statusChip(status: string): Locator { return this.chipIn(this.page.locator('main'), status); }
  realtimeConnected(): Locator { return this.page.getByText(CONSOLE.realtimeConnected, { exact: true }); }
  flowEventsHeading(): Locator { return this.page.getByRole('heading', { name: new RegExp(`^${CONSOLE.flowEvents} \\(\\d+\\)$`) }); }
  flowEvent(type: string): Locator { return this.page.getByText(new RegExp(`^${type.replace(/\./g, '\\.')}\\b`)); }
  /** A value shown on the page (job name, namespace, ids), whatever markup holds it. */
  value(text: string): Locator { return this.page.getByText(text, { exact: true }).first(); }
  stopRun(): Locator { return this.page.getByRole('button', { name: CONSOLE.stopRun }); }
}
