import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { baseUrl } from '../../helpers/tenant';

const uuidPath = /\/runs\/[0-9a-f-]{36}$/;

/** A runs list: the global Runs page (/runs) or a flow's Runs tab (/flows/:id/runs). */
export class RunsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, flowId?: string): Promise<RunsPage> {
    await page.goto(`${baseUrl()}${flowId ? `/flows/${flowId}` : ''}/runs`);
    return new RunsPage(page);
  }

  rows(): Locator {
    return this.page.getByTestId('runs-table').locator('tr[data-run-id]');
  }

  /** The row of a run with this status whose text includes `text` (e.g. the event's email). */
  row(status: string, text: string): Locator {
    return this.page.locator(`tr[data-status="${status}"]`, { hasText: text });
  }

  /** Waits for a run to show with this status, live (no reload). */
  async waitForRun(status: string, text: string): Promise<void> {
    await this.row(status, text).waitFor({ timeout: 30_000 });
  }

  /** Opens a run from its row; returns the run page. */
  async openRun(status: string, text: string): Promise<RunPage> {
    await this.row(status, text).getByRole('link').first().click();
    await this.page.waitForURL(uuidPath);
    return new RunPage(this.page);
  }

  /** The row of the run with this id. */
  runRow(runId: string): Locator {
    return this.page.locator(`tr[data-run-id="${runId}"]`);
  }

  /** Opens the run with this id from its row. */
  async openRunById(runId: string): Promise<RunPage> {
    await this.runRow(runId).getByRole('link').first().click();
    await this.page.waitForURL(`**/runs/${runId}`);
    return new RunPage(this.page);
  }

  /**
   * Searches until the list shows `count` rows. Typed again on each try: keys
   * typed before the page has hydrated reach no handler.
   */
  async searchUntil(text: string, count: number): Promise<void> {
    const search = this.page.getByTestId('runs-search');
    await expect
      .poll(
        async () => {
          await search.fill('');
          await search.fill(text);
          return this.rows().count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(count);
  }

  failedBadge(): Locator {
    return this.page.getByTestId('failed-runs-badge').first();
  }
}

/** One run (/runs/:id): its graph coloured by status, step details, the event, replay. */
export class RunPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, runId: string): Promise<RunPage> {
    await page.goto(`${baseUrl()}/runs/${runId}`);
    return new RunPage(page);
  }

  id(): string {
    return this.page.url().split('/').pop()!;
  }

  /** A step's node in the run graph; with `status`, only while the step has that status. */
  step(nodeId: string, status?: string): Locator {
    return this.page.locator(`[data-testid="node-${nodeId}"]${status ? `[data-status="${status}"]` : ''}`);
  }

  async selectStep(nodeId: string): Promise<void> {
    await this.step(nodeId).click();
  }

  /** Clicks a replay button and waits for the new run's page; returns its id. */
  async replay(button: 'Replay from failed step' | 'Replay'): Promise<string> {
    const from = this.id();
    await this.replayButton(button).click();
    await this.page.waitForURL((u) => uuidPath.test(u.pathname) && !u.pathname.endsWith(from));
    return this.id();
  }

  replayButton(name: 'Replay from failed step' | 'Replay'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The question a second replay asks first. */
  replayConfirm(): Locator {
    return this.page.getByTestId('replay-confirm');
  }

  /** The failed step's error, shown when the run page opens. */
  stepError(): Locator {
    return this.page.getByTestId('step-error');
  }

  /** The selected step's output. */
  stepOutput(): Locator {
    return this.page.getByTestId('step-output');
  }

  /** When a step waiting for its retry tries again ("in 9 min 58 s"; the exact time on hover). */
  nextRetry(): Locator {
    return this.page.getByTestId('next-retry');
  }

  async retryNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Retry now' }).click();
  }

  /** Opens "Edit and replay"; returns the body field. */
  async editAndReplay(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Edit and replay' }).click();
    return this.page.getByLabel('Corrected event body (JSON)');
  }

  replayWithBodyButton(): Locator {
    return this.page.getByRole('button', { name: 'Replay with this body' });
  }
}
