import { expect, type Locator, type Page } from '@playwright/test';

/** The generated single-file Allure report (awesome plugin, with the gate's banner on top), as a reader sees it. */
export class AllureReportPage {
  /** Every request that tried to leave the file (blocked): the report must need none. */
  readonly leftTheFile: string[] = [];

  constructor(private readonly page: Page) {}

  /** Opens the report with the network blocked: everything that is not the file itself is aborted and recorded. */
  async open(file: string): Promise<void> {
    await this.page.context().route(
      (url) => url.protocol !== 'file:',
      async (route) => {
        this.leftTheFile.push(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    await this.page.goto(`file://${file}`, { waitUntil: 'commit', timeout: 120_000 });
    await expect(this.tree(), 'the report shows its results tree').toBeVisible({ timeout: 120_000 });
  }
  /** The gate's banner: decision, reasons, failed gate items, since the last GO, the GO rule. */
  banner(): Locator {
    return this.page.getByTestId('gate-verdict');
  }
  decision(): Locator {
    return this.page.getByTestId('gate-decision');
  }
  sinceLastGo(): Locator {
    return this.page.getByTestId('gate-since-last-go');
  }
  async openRegressionReport(): Promise<Locator> {
    const details = this.page.getByTestId('gate-regression-report');
    await details.getByText('Full regression report').click();
    return details.locator('pre');
  }
  title(): Promise<string> {
    return this.page.title();
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
