import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

/** What identifies one console page: where it lives, its header title, document title and table columns. */
export interface PageIdentity {
  route: string | ((id: string) => string);
  title: string;
  documentTitle: string;
  columns?: readonly string[];
}

/** The console pages the gate opens by their route, as kodex's templates define them. */
export const PAGES = {
  projects: {
    route: CONSOLE.routes.projects,
    title: CONSOLE.titles.projects,
    documentTitle: CONSOLE.documentTitles.projects,
    columns: CONSOLE.projectsColumns,
  },
  runs: {
    route: CONSOLE.routes.runs,
    title: CONSOLE.titles.runs,
    documentTitle: CONSOLE.documentTitles.runs,
    columns: CONSOLE.runsColumns,
  },
  users: {
    route: CONSOLE.routes.users,
    title: CONSOLE.titles.users,
    documentTitle: CONSOLE.documentTitles.users,
    columns: CONSOLE.usersColumns,
  },
  members: {
    route: CONSOLE.routes.members,
    title: CONSOLE.titles.members,
    documentTitle: CONSOLE.documentTitles.members,
    columns: CONSOLE.membersColumns,
  },
  runDetails: {
    route: CONSOLE.routes.run,
    title: CONSOLE.titles.runDetails,
    documentTitle: CONSOLE.documentTitles.runDetails,
  },
} satisfies Record<string, PageIdentity>;

/** A console page with a route of its own: opened by a fresh load, ready when its header and columns show. */
export abstract class RoutedPage extends ConsolePage {
  protected abstract readonly identity: PageIdentity;

  /** Opens the page (`id`: the project or run a per-object page is about) and waits until it is ready. */
  async open(id?: string): Promise<void> {
    const { route } = this.identity;
    await this.goto(typeof route === 'function' ? route(id ?? '') : route);
    await this.expectReady();
  }

  async expectReady(): Promise<void> {
    const { title, documentTitle, columns = [] } = this.identity;
    await this.expectLoaded(title, documentTitle);
    for (const name of columns) {
      const header = this.page.getByRole('columnheader', { name, exact: true });
      await expect(header, `the "${name}" column of ${title}`).toBeVisible();
    }
  }

  /** The table row holding a cell with exactly this text. */
  protected rowWithCell(text: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name: text, exact: true }) });
  }

  /**
   * `row` wherever the page's table has it, found as a person would: from the table's first page, forward with
   * its "Next page" button, one page at a time, each looked at once the table has finished loading, until the
   * row shows or there is no next page (at most `maxPages`). kodex's list pages load 20 rows and more as the
   * table is paged (shared/lib/progressive-table.ts), so a row past the first page is only there after paging.
   * Returns the row; when it never showed, described with what was looked at, so the caller's `toBeVisible()`
   * fails naming it.
   */
  protected async findTableRow(row: Locator, what: string, maxPages: number): Promise<Locator> {
    const { title } = this.identity;
    await this.expectTableLoaded(1);
    const first = this.tableFooterButton(CONSOLE.dataFooter.firstPage);
    if (await first.isEnabled()) await this.turnTablePage(first, 1);
    const next = this.tableFooterButton(CONSOLE.dataFooter.nextPage);
    for (let looked = 1; ; looked++) {
      if (await row.isVisible()) return row;
      let stop = '';
      if (looked >= maxPages) stop = `stopped at the bound of ${maxPages} pages`;
      else if (!(await next.isEnabled())) stop = 'no next page';
      if (stop) {
        const range = (await this.tableRange().allInnerTexts()).join(' ').trim() || 'no table footer';
        return row.describe(
          `${what}, on none of the ${looked} ${title} table page(s) looked at (${stop}; rows ${range})`,
        );
      }
      await this.turnTablePage(next, looked + 1);
    }
  }

  /** A button of Vuetify's data table footer (icon-only, named by its aria-label). */
  private tableFooterButton(name: string): Locator {
    return this.page.getByRole('main').getByRole('button', { name, exact: true });
  }
  // Vuetify's footer shows the rows on view ("11-20 of 40") as plain text, no role: its class is the hook.
  private tableRange(): Locator {
    return this.page.getByRole('main').locator('.v-data-table-footer__info');
  }
  private async turnTablePage(button: Locator, page: number): Promise<void> {
    const { title } = this.identity;
    const before = await this.tableRange().innerText();
    await button.click();
    await expect(this.tableRange(), `the ${title} table turns to page ${page}`).not.toHaveText(before);
    await this.expectTableLoaded(page);
  }
  /** While a Vuetify data table loads, a progress bar shows in its header row. */
  private async expectTableLoaded(page: number): Promise<void> {
    const loading = this.page.getByRole('main').getByRole('table').getByRole('progressbar');
    await expect(loading, `the ${this.identity.title} table finishes loading (page ${page})`).toHaveCount(0);
  }
}
