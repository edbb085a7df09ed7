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
}
