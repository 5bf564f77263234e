import { z } from 'zod';
import { AppError } from '../errors';
import { isEmail } from '../steps/is-email';
import { recipientKinds } from './test-side-effects';
import type { PreparedStep } from '../engine/step-input';

// "Send test to me": the step's rendered `to` is replaced, nothing else.

/** POST /flows/{id}/steps/{nodeId}/test: `to` replaces the rendered recipient. */
export const testStepInput = z
  .object({ to: z.string().trim().min(1).max(254).optional() })
  .strict()
  .optional();

const PHONE = /^\+?[1-9]\d{6,14}$/;

/** Refuses an override for a step without a recipient, or one that is not an address / number. */
export function assertRecipientOverride(type: string, to: string): void {
  const kind = recipientKinds[type];
  if (!kind) throw new AppError('invalid_input', 'Only email and SMS steps can be tested with another recipient.');
  const ok = kind === 'email' ? isEmail(to) : PHONE.test(to.replace(/[\s().-]/g, ''));
  if (!ok) {
    throw new AppError(
      'invalid_input',
      kind === 'email'
        ? `"${to.slice(0, 100)}" is not an email address.`
        : `"${to.slice(0, 100)}" is not a phone number; use the international form, e.g. +14155550100.`,
      [{ path: 'to', message: kind === 'email' ? 'Not an email address' : 'Not a phone number' }],
    );
  }
}

export function withRecipient(prepared: PreparedStep, to: string): PreparedStep {
  const replace = (v: unknown) => (v && typeof v === 'object' ? { ...(v as Record<string, unknown>), to } : v);
  return { input: replace(prepared.input), config: replace(prepared.config) };
}
