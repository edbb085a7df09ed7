import { type Locator } from '@playwright/test';
import { PAGES, RoutedPage } from './routed-page.js';

export class MembersPage extends RoutedPage {
  protected readonly identity = PAGES.members;
  row(email: string): Locator {
    return this.rowWithCell(email);
  }
  // kodex's per-row role select has no label: the Role column's cell (the second) is the hook.
  roleCell(email: string): Locator {
    return this.row(email).getByRole('cell').nth(1);
  }
  /** Picks a role in the member's row and saves the row, as kodex's Members page asks. */
  async setRole(email: string, role: string): Promise<void> {
    await this.roleCell(email).getByRole('combobox').first().click();
    await this.page.getByRole('option', { name: role, exact: true }).click();
    // The row's Save action is an icon-only button with a tooltip and no accessible name: its icon is the hook.
    await this.row(email).locator('button:has(.mdi-content-save-outline)').click();
  }
}
