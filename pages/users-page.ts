import { type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { PAGES, RoutedPage } from './routed-page.js';

/** How far findRow pages: 500 users, at 10 a page. */
const MAX_TABLE_PAGES = 50;

export class UsersPage extends RoutedPage {
  protected readonly identity = PAGES.users;
  /** Asks for /users as a fresh load, without expecting to get it (a non-admin is sent away). */
  async request(): Promise<void> {
    await this.goto(CONSOLE.routes.users);
  }
  row(email: string): Locator {
    return this.rowWithCell(email);
  }
  /**
   * The user's row on whichever page of the table has it (kodex lists owners, then admins, then everyone by
   * email, 10 a page): paged to as a person would; see findTableRow.
   */
  findRow(email: string, maxPages = MAX_TABLE_PAGES): Promise<Locator> {
    return this.findTableRow(this.row(email), `the row of ${email}`, maxPages);
  }
}
