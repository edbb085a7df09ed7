import { expect, type Locator, type Page } from '@playwright/test';
import { CONSOLE, RUN_STATUS } from '../contract/kodex.js';

/** What every console page shares: the page header, document title, navigation and the access card. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  /** Opens a console path as a fresh page load (anything after it is client-side navigation). */
  async goto(path: string): Promise<void> {
    await this.page.goto(path);
  }

  // kodex's PageHeader renders the title as a plain div (no heading role): its class is the stable hook.
  header(): Locator {
    return this.page.locator('.page-header .text-h5');
  }

  async expectLoaded(title: string, documentTitle: string): Promise<void> {
    await expect(this.header(), `the "${title}" page header`).toHaveText(title);
    await expect(this.page, `document title of "${title}"`).toHaveTitle(CONSOLE.documentTitle(documentTitle));
  }

  /** A link of the navigation drawer (a <nav> with one link per page). */
  navLink(title: string): Locator {
    return this.page.getByRole('navigation').getByRole('link', { name: title, exact: true });
  }
  /** Moves through the console's own navigation (no page load), like a person would, to a ready page. */
  async navigateTo<P extends ConsolePage & { expectReady(): Promise<void> }>(
    title: string,
    Target: new (page: Page) => P,
  ): Promise<P> {
    await this.navLink(title).click();
    const target = new Target(this.page);
    await target.expectReady();
    return target;
  }

  // The access card's title is a VCardTitle (a div, not a heading): found by its text.
  accessRequired(): Locator {
    return this.page.getByRole('main').getByText(CONSOLE.accessRequired, { exact: true });
  }
  /** The access card's sign-in link; kodex shows a second one in the app bar (see appBarLogin). */
  loginWithGitHub(): Locator {
    return this.page.getByRole('main').getByRole('link', { name: CONSOLE.loginWithGitHub });
  }
  appBarLogin(): Locator {
    return this.page.getByRole('banner').getByRole('link', { name: CONSOLE.loginWithGitHub });
  }
  /** Any visible text, e.g. to prove a server message is NOT shown. */
  text(text: string): Locator {
    return this.page.getByText(text);
  }
  /** A Vuetify alert (role="alert") with text: how kodex's pages report a failed API call. */
  errorAlert(): Locator {
    return this.page.getByRole('alert').filter({ hasText: /\S/ });
  }

  /** The Vuetify alert showing this text (e.g. the console's translated error for a failed call). */
  alertWith(text: string): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  // VChip has no role; its class is the stable hook, and the status is its exact text.
  chipIn(scope: Locator, status: string): Locator {
    return scope.locator('.v-chip').getByText(status, { exact: true });
  }

  /** The run status the chips in `scope` show (e.g. "succeeded"), so a failure can say what was seen instead. */
  async statusShownIn(scope: Locator): Promise<string> {
    const statuses: readonly string[] = Object.values(RUN_STATUS);
    const shown = (await scope.locator('.v-chip').allInnerTexts())
      .map((t) => t.trim())
      .filter((t) => statuses.includes(t));
    return shown.join(', ') || 'no run status chip';
  }

  async screenshot(): Promise<Buffer> {
    return this.page.screenshot({ fullPage: true });
  }

  /** Marks the window so a later reload (which would clear it) is detected. */
  async markNoReload(): Promise<void> {
    await this.page.evaluate(() => {
      (window as any).__kodexGateNoReload = true;
    });
  }
  async wasReloaded(): Promise<boolean> {
    return !(await this.page.evaluate(() => (window as any).__kodexGateNoReload === true));
  }
}
