import { expect, type Locator } from '@playwright/test';
import { CONSOLE } from '../contract/kodex.js';
import { ConsolePage } from './console-page.js';

export class ProjectsPage extends ConsolePage {
  async open(): Promise<void> {
    await this.page.goto(CONSOLE.routes.projects);
    await this.expectReady();
  }
  async expectReady(): Promise<void> {
    await this.expectLoaded(CONSOLE.titles.projects, CONSOLE.documentTitles.projects);
    for (const name of CONSOLE.projectsColumns) await expect(this.page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  row(slug: string): Locator { return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name: slug, exact: true }) }); }
  async create(slug: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: CONSOLE.createProject }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Slug').fill(slug);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: CONSOLE.save }).click();
    await expect(dialog, 'the create-project dialog closes after Save').toBeHidden();
  }
}
