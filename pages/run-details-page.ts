import { type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { PAGES, RoutedPage } from './routed-page.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class RunDetailsPage extends RoutedPage {
  protected readonly identity = PAGES.runDetails;
  /** The run's status chip (exact text, so "failed" never matches the "run.failed" event chip). */
  statusChip(status: string): Locator {
    return this.chipIn(this.page.getByRole('main'), status);
  }
  /** The status the page shows for its run ("no run status chip" when none). */
  shownStatus(): Promise<string> {
    return this.statusShownIn(this.page.getByRole('main'));
  }
  realtimeConnected(): Locator {
    return this.page.getByText(CONSOLE.realtimeConnected, { exact: true });
  }
  // "Flow Events (N)" is a VCardTitle (a div, no heading role): found by its text.
  flowEventsTitle(): Locator {
    return this.page.getByText(new RegExp(`^${CONSOLE.flowEvents} \\(\\d+\\)$`));
  }
  /** An event of the flow, shown as a chip with its exact type. */
  flowEvent(type: string): Locator {
    return this.page.getByText(new RegExp(`^${escape(type)}$`));
  }
  /** A value shown on the page (namespace, ids), whatever markup holds it. */
  value(text: string): Locator {
    return this.page.getByText(text, { exact: true }).first();
  }
  stopRun(): Locator {
    return this.page.getByRole('main').getByRole('button', { name: CONSOLE.stopRun });
  }
  /** Stop run, then confirm in kodex's dialog ("Cancel this run and stop related runtime artifacts?"). */
  async cancelRun(): Promise<void> {
    await this.stopRun().click();
    const dialog = this.page.getByRole('dialog').filter({ hasText: CONSOLE.runDetailsPage.stopRunConfirm });
    await dialog.getByRole('button', { name: CONSOLE.stopRun }).click();
  }
}
