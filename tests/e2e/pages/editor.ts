import type { Locator, Page } from 'playwright-core';
import { baseUrl } from '../../helpers/tenant';

export type FlowTab = 'Editor' | 'Runs' | 'Overview' | 'Versions' | 'Settings';

/** The flow editor (/flows/:id): canvas, palette, config panel, toolbar. */
export class EditorPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, flowId: string): Promise<EditorPage> {
    await page.goto(`${baseUrl()}/flows/${flowId}`);
    return new EditorPage(page);
  }

  /** Creates a flow from /flows/new (blank, or the template with this label); returns its id. */
  static async create(page: Page, opts: { name?: string; template?: string } = {}): Promise<string> {
    await page.goto(`${baseUrl()}/flows/new`);
    return new EditorPage(page).createFromChooser(opts);
  }

  /** On /flows/new: picks a template (or names a blank flow) and creates it; returns the flow's id. */
  async createFromChooser(opts: { name?: string; template?: string } = {}): Promise<string> {
    if (opts.template) await this.page.getByLabel(opts.template).check();
    if (opts.name) await this.page.getByLabel('Flow name').fill(opts.name);
    await this.page.getByRole('button', { name: 'Create flow' }).click();
    await this.page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  /** The problems a publish attempt found on a node. */
  nodeIssues(id: string): Locator {
    return this.page.getByTestId(`node-issues-${id}`);
  }

  /** A text field of the config panel, by its exact label. */
  field(label: string): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  /** Drags a step from the palette onto the canvas, `gap` pixels below the node `below`. */
  async dropStep(type: string, below: string, gap = 90): Promise<void> {
    const canvas = this.page.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    const anchor = (await this.node(below).boundingBox())!;
    await this.page.locator(`[data-step-type="${type}"]`).dragTo(canvas, {
      targetPosition: { x: anchor.x - box.x + anchor.width / 2, y: anchor.y - box.y + anchor.height + gap },
    });
  }

  /** Clicks a step in the palette with nothing selected: it is added to the canvas. */
  async addStep(type: string): Promise<void> {
    await this.page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await this.page.locator(`[data-step-type="${type}"]`).click();
  }

  /** Drags the source handle (bottom) of one node onto the target handle (top) of another. */
  async connect(from: string, to: string): Promise<void> {
    const { page } = this;
    const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
    const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
    const a = (await source.boundingBox())!;
    const b = (await target.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    await page
      .locator(`.react-flow__edge[data-id="${from}->${to}"], [data-testid="rf__edge-${from}->${to}"]`)
      .first()
      .waitFor({ state: 'attached' });
  }

  /** Selects a node and waits for its config panel. */
  async selectNode(id: string): Promise<void> {
    await this.page.locator(`[data-testid="node-${id}"] p`).first().click();
    await this.page.getByTestId('config-panel').waitFor();
  }

  /** Focuses a node on the canvas (for keyboard shortcuts). */
  async focusNode(id: string): Promise<void> {
    await this.page.locator(`.react-flow__node[data-id="${id}"]`).focus();
  }

  /** Opens the variable picker of a template field. */
  async openVariablePicker(fieldLabel: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Insert variable into ${fieldLabel}` }).click();
    return this.page.getByRole('dialog', { name: 'Insert a variable' });
  }

  /** A variable offered by the open picker: `group` (e.g. "Trigger → body"), then the field. */
  variable(picker: Locator, group: string, field: string): Locator {
    return picker.getByRole('group', { name: group }).getByRole('button', { name: new RegExp(`^${field},`) });
  }

  /** Picks a sample field into a template field through the variable picker. */
  async pickVariable(fieldLabel: string, group: string, field: string): Promise<void> {
    const picker = await this.openVariablePicker(fieldLabel);
    await this.variable(picker, group, field).click();
  }

  /** Waits until the draft is saved (autosave). */
  async waitSaved(): Promise<void> {
    await this.page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
  }

  /** On the trigger's panel: starts listening for a test event; returns the test URL. */
  async listenForTestEvent(): Promise<string> {
    await this.selectNode('trigger');
    const testUrl = await this.page.getByTestId('test-url').inputValue();
    await this.page.getByRole('button', { name: 'Listen for test event' }).click();
    await this.page.getByTestId('listening').waitFor();
    return testUrl;
  }

  /** "Test step" on the selected step; resolves once its output shows `expectText`. */
  async testStep(expectText: string): Promise<void> {
    await this.testStepButton().click();
    await this.testOutput().getByText(expectText).waitFor({ timeout: 20_000 });
  }

  testStepButton(): Locator {
    return this.page.getByRole('button', { name: 'Test step' });
  }

  /** The question "Test step" asks first on a step that reaches outside. */
  testConfirm(): Locator {
    return this.page.getByTestId('test-confirm');
  }

  /** What the test would do ("This sends a real email to …"). */
  testSummaryText(): Promise<string> {
    return this.page.getByTestId('test-summary').innerText();
  }

  testOutput(): Locator {
    return this.page.getByTestId('test-output');
  }

  /** Creates a connection inline from the selected step's panel: `fill` fills its form. */
  async createConnection(kind: string, fill: (form: Locator) => Promise<void>): Promise<void> {
    await this.page.getByRole('button', { name: `New ${kind} connection` }).click();
    const form = this.page.getByRole('group', { name: `New ${kind} connection` });
    await fill(form);
    await form.getByRole('button', { name: 'Save connection' }).click();
  }

  /** The selected step's connection (an id once one is chosen). */
  connectionValue(): Promise<string> {
    return this.page.getByLabel('Connection', { exact: true }).inputValue();
  }

  /** The Publish button; `exact` leaves out other buttons whose name contains "Publish". */
  publishButton(exact = false): Locator {
    return this.page.getByRole('button', { name: 'Publish', exact });
  }

  /** Waits for the header's publish state: never published, live as saved, or changed since. */
  async publishState(state: 'never' | 'live' | 'changed'): Promise<void> {
    await this.page.locator(`[data-testid="publish-state"][data-state="${state}"]`).waitFor();
  }

  publishStateText(): Promise<string> {
    return this.page.getByTestId('publish-state').innerText();
  }

  saveStateText(): Promise<string> {
    return this.page.getByTestId('save-state').innerText();
  }

  /** The trigger panel's line on which version a submission runs. */
  whatRunsText(): Promise<string> {
    return this.page.getByTestId('what-runs').innerText();
  }

  /** The list of problems the last publish found. */
  publishProblems(): Locator {
    return this.page.getByTestId('publish-problems');
  }

  /** The "N to fix" badge on a node. */
  nodeBadge(id: string): Locator {
    return this.page.getByTestId(`node-badge-${id}`);
  }

  /** The config field (data-config-field) that has the keyboard focus. */
  focusedField(): Promise<string | null | undefined> {
    return this.page.evaluate(() =>
      document.activeElement?.closest('[data-config-field]')?.getAttribute('data-config-field'),
    );
  }

  /** The message shown next to a config field. */
  fieldError(name: string): Locator {
    return this.page.locator(`[data-config-field="${name}"] [role="alert"]`);
  }

  /** Publishes and waits for "Published version N". */
  async publish(version: number): Promise<void> {
    await this.publishButton().click();
    await this.page.getByText(`Published version ${version}`).waitFor();
  }

  /** Tries to publish a flow with problems: waits for "Nothing was published". */
  async publishRefused(): Promise<void> {
    await this.publishButton().click();
    await this.page.getByText(/Nothing was published/).waitFor();
  }

  /** Copies the live webhook URL from the trigger node and reads it back from the clipboard. */
  async copyLiveUrl(): Promise<string> {
    await this.node('trigger').getByRole('button', { name: 'Copy URL' }).click();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Pauses the flow and waits for the Resume button. */
  async pause(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pause', exact: true }).click();
    await this.page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
  }

  /** Clicks Resume; with held events it asks first (returned: the question). */
  async resume(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Resume', exact: true }).click();
    return this.page.getByTestId('resume-confirm');
  }

  heldCount(): Locator {
    return this.page.getByTestId('held-count');
  }

  /** Follows one of the flow's tabs (Runs, Overview, Versions, Settings). */
  async openTab(tab: FlowTab, flowId: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: tab }).click();
    const suffix = tab === 'Editor' ? '' : `/${tab.toLowerCase()}`;
    await this.page.waitForURL(`**/flows/${flowId}${suffix}`);
  }
}
