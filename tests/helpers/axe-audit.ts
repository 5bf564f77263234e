import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Accessibility audit with axe-core (the engine behind Lighthouse's
// accessibility score), run inside the page. axe-core comes with
// eslint-plugin-jsx-a11y (via eslint-config-next).

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: number; targets: string[] };

export async function axeAudit(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: any[] }> } })
      .axe;
    const r = await axe.run(
      { include: [['body']], exclude: exclude.map((e) => [e]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n: { target: string[] }) => n.target.join(' ')),
    }));
  }, exclude);
}
