import type { Page } from '@playwright/test';
import { ConsolePage } from './console-page.js';
import { ProjectsPage } from './projects-page.js';
import { RunDetailsPage } from './run-details-page.js';
import { RunsPage } from './runs-page.js';
import { UsersPage } from './users-page.js';

/**
 * One signed-in console tab, as `consoleAs()` hands it to a scenario: its pages, each built once, all over the
 * same browser page. Specs take pages from here and never construct page objects themselves.
 */
export class Console {
  private readonly made = new Map<string, unknown>();

  constructor(readonly page: Page) {}

  private once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  /** What every page shares: header, navigation, the access card. */
  get shell(): ConsolePage {
    return this.once('shell', () => new ConsolePage(this.page));
  }
  get projects(): ProjectsPage {
    return this.once('projects', () => new ProjectsPage(this.page));
  }
  get runs(): RunsPage {
    return this.once('runs', () => new RunsPage(this.page));
  }
  get runDetails(): RunDetailsPage {
    return this.once('runDetails', () => new RunDetailsPage(this.page));
  }
  get users(): UsersPage {
    return this.once('users', () => new UsersPage(this.page));
  }
}
