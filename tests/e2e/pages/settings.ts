import type { Locator, Page } from 'playwright-core';
import { baseUrl } from '../../helpers/tenant';

/** Settings (/settings): members and invites, API keys, instance status, the audit log link. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page): Promise<SettingsPage> {
    await page.goto(`${baseUrl()}/settings`);
    return new SettingsPage(page);
  }

  /** Creates an invite; returns the invite link shown (no SMTP here). */
  async invite(email: string, role: 'viewer' | 'editor' | 'admin'): Promise<string> {
    await this.page.getByLabel('Invite by email').fill(email);
    await this.page.getByLabel('Role', { exact: true }).selectOption(role);
    await this.page.getByRole('button', { name: 'Create invite' }).click();
    return (await this.page.getByTestId('invite-link').textContent())!.trim();
  }

  /** Changes a member's role and waits until the select is enabled again (the change was answered). */
  async setRole(email: string, role: 'viewer' | 'editor' | 'admin'): Promise<void> {
    await this.page.getByLabel(`Role of ${email}`).selectOption(role);
    await this.page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLSelectElement | null)?.disabled === false,
      `select[aria-label="Role of ${email}"]`,
    );
  }

  /** Creates an API key by name; returns the key shown once. */
  async createApiKey(name: string): Promise<string> {
    await this.page.getByRole('button', { name: 'Create key' }).click();
    await this.page.getByText('Give the key a name').waitFor();
    await this.page.getByLabel('New key name').fill(name);
    await this.page.getByRole('button', { name: 'Create key' }).click();
    const shown = this.newApiKey();
    await shown.waitFor();
    return (await shown.textContent())!.trim();
  }

  newApiKey(): Locator {
    return this.page.getByTestId('new-api-key');
  }

  apiKeyRow(name: string): Locator {
    return this.page.getByRole('row').filter({ hasText: name });
  }

  async revokeApiKey(name: string): Promise<void> {
    const row = this.apiKeyRow(name);
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await row.getByRole('button', { name: 'Revoke now' }).click();
    await row.getByText('revoked').waitFor();
  }

  smtpStatus(): Locator {
    return this.page.getByTestId('smtp-status');
  }

  appUrlStatus(): Locator {
    return this.page.getByTestId('app-url-status');
  }

  /** Follows the link to the audit log; returns its page. */
  async openAuditLog(): Promise<AuditLogPage> {
    await this.page.locator('a[href="/settings/audit"]').click();
    await this.page.waitForURL('**/settings/audit');
    return new AuditLogPage(this.page);
  }
}

/** Settings → Audit log: one row an entry, newest first. */
export class AuditLogPage {
  constructor(readonly page: Page) {}

  entries(): Locator {
    return this.page.getByTestId('audit-entry');
  }

  /** The entries' actions (data-action), newest first, once the first has shown. */
  async actions(): Promise<(string | null)[]> {
    await this.entries().first().waitFor();
    return this.entries().evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  }
}
