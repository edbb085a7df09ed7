import { expect, type Locator, type Page } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';

/** What every console page shares: its header title, document title and the access card. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  header(): Locator { return this.page.locator('.page-header .text-h5'); }

  async expectLoaded(title: string, documentTitle: string): Promise<void> {
    await expect(this.header(), `the "${title}" page header`).toHaveText(title);
    await expect(this.page, `document title of "${title}"`).toHaveTitle(CONSOLE.documentTitle(documentTitle));
  }

  navLink(title: string): Locator { return this.page.getByRole('navigation').getByRole('link', { name: title, exact: true }); }
  /** Moves through the console's own navigation (no page load), like a person would. */
  async navigateTo(title: string): Promise<void> { await this.navLink(title).click(); }

  accessRequired(): Locator { return this.page.getByText(CONSOLE.accessRequired, { exact: true }); }
  loginWithGitHub(): Locator { return this.page.getByRole('link', { name: CONSOLE.loginWithGitHub }); }
  /** A status chip: the real console's Vuetify v-chip, found by its exact status text. */
  chipIn(scope: Locator, status: string): Locator { return scope.locator('.v-chip').getByText(status, { exact: true }); }
}
