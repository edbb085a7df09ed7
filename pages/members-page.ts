import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

export class MembersPage extends ConsolePage {
  async open(projectId: string): Promise<void> {
    await this.goto(CONSOLE.routes.members(projectId));
    await this.expectReady();
  }
  async expectReady(): Promise<void> {
    await this.expectLoaded(CONSOLE.titles.members, CONSOLE.documentTitles.members);
    for (const name of CONSOLE.membersColumns)
      await expect(this.page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  row(email: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name: email, exact: true }) });
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
