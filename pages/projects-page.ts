import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { PAGES, RoutedPage } from './routed-page.js';
import { MembersPage } from './members-page.js';

export class ProjectsPage extends RoutedPage {
  protected readonly identity = PAGES.projects;
  /** A project's row: kodex shows the slug as plain text (the Name is the link). */
  row(slug: string): Locator {
    return this.rowWithCell(slug);
  }
  /** The project's Name link (to its details page). */
  nameLink(slug: string, name: string): Locator {
    return this.row(slug).getByRole('link', { name, exact: true });
  }
  // The Members action is an icon-only button without an accessible name: its href is the hook.
  membersLink(slug: string): Locator {
    return this.row(slug).locator('a[href$="/members"]');
  }
  // Delete is an icon-only button (platform owners only) without an accessible name: its icon is the hook.
  deleteButton(slug: string): Locator {
    return this.row(slug).locator('button:has(.mdi-delete-outline)');
  }
  async delete(slug: string): Promise<void> {
    await this.deleteButton(slug).click();
    await this.page.getByRole('dialog').getByRole('button', { name: CONSOLE.common.delete, exact: true }).click();
    await expect(this.row(slug), `project ${slug} leaves the list after Delete`).toHaveCount(0);
  }
  async openMembers(slug: string): Promise<MembersPage> {
    await this.membersLink(slug).click();
    const members = new MembersPage(this.page);
    await members.expectReady();
    return members;
  }
  async create(slug: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: CONSOLE.createProject }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel(CONSOLE.projectsPage.slug).fill(slug);
    await dialog.getByLabel(CONSOLE.projectsPage.name).fill(name);
    await dialog.getByRole('button', { name: CONSOLE.save }).click();
    await expect(dialog, 'the create-project dialog closes after Save').toBeHidden();
  }
}
