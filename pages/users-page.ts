import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

export class UsersPage extends ConsolePage {
  async goto(): Promise<void> {
    await super.goto(CONSOLE.routes.users);
  }
  async open(): Promise<void> {
    await this.goto();
    await this.expectReady();
  }
  async expectReady(): Promise<void> {
    await this.expectLoaded(CONSOLE.titles.users, CONSOLE.documentTitles.users);
    for (const name of CONSOLE.usersColumns)
      await expect(this.page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  row(email: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name: email, exact: true }) });
  }
}
