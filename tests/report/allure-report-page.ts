import { expect, type Locator, type Page } from '@playwright/test';

/** The generated single-file Allure report (awesome plugin), as a reader sees it. */
export class AllureReportPage {
  constructor(private readonly page: Page) {}

  async open(file: string): Promise<void> {
    await this.page.goto(`file://${file}`);
    await expect(this.tree(), 'the report shows its results tree').toBeVisible({ timeout: 60_000 });
  }
  tree(): Locator {
    return this.page.getByTestId('tree-content').first();
  }
  /** A section (group) of the tree by its exact title. */
  section(title: string): Locator {
    return this.page
      .getByTestId('tree-section-title')
      .filter({ hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  }
  /** Opens a top-level group, unless it already shows `child`, and returns the titles shown under the tree. */
  async openGroup(title: string, child: string): Promise<void> {
    if (!(await this.section(child).isVisible())) await this.section(title).click();
    await expect(this.section(child), `the group "${title}" shows "${child}"`).toBeVisible();
  }
  sectionTitles(): Promise<string[]> {
    return this.page.getByTestId('tree-section-title').allInnerTexts();
  }
  qualityGateTab(): Locator {
    return this.page.getByTestId('nav-tab-qualityGate');
  }
  globalAttachmentsTab(): Locator {
    return this.page.getByTestId('nav-tab-globalAttachments');
  }
  async openTab(tab: Locator): Promise<string> {
    await tab.click();
    return this.page.getByTestId('base-layout').innerText();
  }
}
