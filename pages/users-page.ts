import { type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { PAGES, RoutedPage } from './routed-page.js';

export class UsersPage extends RoutedPage {
  protected readonly identity = PAGES.users;
  /** Asks for /users as a fresh load, without expecting to get it (a non-admin is sent away). */
  async request(): Promise<void> {
    await this.goto(CONSOLE.routes.users);
  }
  row(email: string): Locator {
    return this.rowWithCell(email);
  }
}
