import { type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { PAGES, RoutedPage } from './routed-page.js';
import { RunDetailsPage } from './run-details-page.js';

export class RunsPage extends RoutedPage {
  protected readonly identity = PAGES.runs;
  // kodex's Details action is an icon-only VBtn with a tooltip and no accessible name: its href is the hook.
  detailsLink(runId: string): Locator {
    return this.page.locator(`a[href="${CONSOLE.routes.run(runId)}"]`);
  }
  /** The table row of one run, found by its Details link. */
  row(runId: string): Locator {
    return this.page.getByRole('row').filter({ has: this.detailsLink(runId) });
  }
  statusChip(runId: string, status: string): Locator {
    return this.chipIn(this.row(runId), status);
  }
  async openDetails(runId: string): Promise<RunDetailsPage> {
    await this.row(runId).locator(this.detailsLink(runId)).click();
    const details = new RunDetailsPage(this.page);
    await details.expectReady();
    return details;
  }
}
