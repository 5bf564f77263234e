import type { z } from 'zod';
import { mergeSecret } from '../connections/split-secret';
import type { StepContext } from '../steps/types';
import type { AppDefinition, ConnectionDefinition, StepDefinition } from './define';

// Server-only halves of the definitions in define.ts: what a step does when it
// runs, how a control step steers the run, how a connection is checked. Each
// names the browser-safe definition it belongs to, so its config and settings
// arrive parsed and typed. An app's server.ts gathers them (defineAppServer).

export type StepConfig<D> = D extends StepDefinition<infer S> ? z.output<S> : never;

/** Runs a step: `config` is the rendered config, already parsed with the step's schema. */
export type StepRun = {
  type: string;
  run(config: unknown, ctx: StepContext): Promise<unknown>;
};

export const defineRun = <D extends StepDefinition<any>>(
  step: D,
  run: (config: StepConfig<D>, ctx: StepContext) => Promise<unknown>,
): StepRun => ({ type: step.type, run: run as StepRun['run'] });

/**
 * What a control step tells the engine. `done`: it is finished with this
 * output (its `lets` then says which children run); `wait`: call `decide`
 * again at `until` (no worker is held meanwhile). A router picks children
 * through `lets`; a loop would add an outcome here (e.g. `repeat`).
 */
export type ControlDecision = { outcome: 'done'; output: unknown } | { outcome: 'wait'; until: Date };

export type ControlStep = {
  type: string;
  /**
   * Called when the step's parents are done, and again when a wait it asked
   * for comes due (`resumed`). Decides without side effects, so the engine may
   * ask again after a crash. `config` is parsed unless `unparsed` is set.
   */
  decide(args: { config: unknown; rawConfig: unknown; now: Date; resumed: boolean }): ControlDecision;
  /** From the stored output: may this child run? Absent: every child runs. */
  lets?(output: unknown, childId: string): boolean;
  /** Take the rendered config as it is, without the schema (a filter compares values of any type). */
  unparsed?: boolean;
};

export const defineControl = <D extends StepDefinition<any>>(
  step: D,
  control: Omit<ControlStep, 'type' | 'decide'> & {
    decide(args: { config: StepConfig<D>; rawConfig: unknown; now: Date; resumed: boolean }): ControlDecision;
  },
): ControlStep => ({ ...control, type: step.type, decide: control.decide as ControlStep['decide'] });

/**
 * A connection's settings for a run, secrets decrypted and merged back in,
 * typed by its schema (they were parsed with it when saved).
 */
export async function connectionSettings<C extends ConnectionDefinition<any>>(
  ctx: StepContext,
  connection: C,
  id: string,
): Promise<z.output<C['schema']>> {
  const conn = await ctx.connection(id, [connection.type]);
  return mergeSecret(conn.config, conn.secret) as z.output<C['schema']>;
}

export type CheckResult = { ok: boolean; message: string };

/** What a check gets besides the settings: the connection it checks, and the URL asked for (http). */
export type CheckContext = { signal: AbortSignal; url?: string; workspaceId: string; connectionId: string };

/** "Check connection": one harmless call proving the settings work; `settings` holds the secrets too. */
export type ConnectionCheck = {
  type: string;
  check(settings: any, ctx: CheckContext): Promise<CheckResult>;
};

export const defineCheck = <C extends ConnectionDefinition<any>>(
  connection: C,
  check: (settings: z.output<C['schema']>, ctx: CheckContext) => Promise<CheckResult>,
): ConnectionCheck => ({ type: connection.type, check });

export type AppServer = {
  app: AppDefinition;
  runs: StepRun[];
  controls: ControlStep[];
  /** One per connection type of the app that has a check. */
  checks: ConnectionCheck[];
};

export const defineAppServer = (
  app: AppDefinition,
  parts: { runs?: StepRun[]; controls?: ControlStep[]; check?: ConnectionCheck; checks?: ConnectionCheck[] },
): AppServer => ({
  app,
  runs: parts.runs ?? [],
  controls: parts.controls ?? [],
  checks: [...(parts.check ? [parts.check] : []), ...(parts.checks ?? [])],
});
