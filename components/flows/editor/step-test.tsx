'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { TestPreview } from '@/lib/runs/test-step-preview';

export type TestResult = { state: 'running' } | { state: 'ok'; output: unknown } | { state: 'error'; message: string };
export type TestOverride = { to?: string };

/** The browser remembers the number "Send test to me" texts (nothing is stored on the server). */
const SMS_KEY = 'switchboard:test-sms-number';

type Props = {
  onTest(override?: TestOverride): void;
  /** Saves the draft and asks the server what the test would do. */
  onPreview(): Promise<TestPreview>;
  testResult?: TestResult;
  /** Step type: a CRM test's output links to the contact it made. */
  type: string;
  children?: React.ReactNode;
};

/**
 * "Test step": a step whose test reaches outside Switchboard (email, SMS,
 * Slack, HubSpot, HTTP) first says what it will do and asks; messaging steps
 * offer "Send test to me" (the recipient replaced, nothing else).
 */
export function StepTest({ onTest, onPreview, testResult, type, children }: Props) {
  const [asking, setAsking] = useState(false);
  const [preview, setPreview] = useState<TestPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);

  async function start() {
    setAsking(true);
    setPreviewError(null);
    try {
      const p = await onPreview();
      if (p.reachesOutside) {
        setPreview(p);
        if (p.recipient?.kind === 'sms') setPhone(localStorage.getItem(SMS_KEY) ?? '');
      } else {
        setPreview(p.summary ? p : null);
        onTest();
      }
    } catch (err) {
      setPreviewError((err as Error).message);
    } finally {
      setAsking(false);
    }
  }

  function run(override?: TestOverride) {
    setPreview((p) => (p?.reachesOutside ? null : p));
    onTest(override);
  }

  function sendToMyPhone() {
    const compact = phone.replace(/[\s().-]/g, '');
    if (!/^\+?[1-9]\d{6,14}$/.test(compact)) {
      setPhoneError('Enter your mobile number in the international form, e.g. +14155550100');
      return;
    }
    setPhoneError(null);
    localStorage.setItem(SMS_KEY, phone.trim());
    run({ to: phone.trim() });
  }

  const confirming = preview?.reachesOutside ? preview : null;
  const contactId =
    type === 'crm.upsertContact' && testResult?.state === 'ok'
      ? (testResult.output as { contactId?: unknown } | null)?.contactId
      : undefined;

  return (
    <div className="space-y-3 border-t border-slate-100 pt-4">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={start}
          loading={asking || testResult?.state === 'running'}
          disabled={!!confirming}
        >
          Test step
        </Button>
        {children}
      </div>
      {previewError && <Alert tone="error">{previewError}</Alert>}
      {confirming && (
        <section
          role="alertdialog"
          aria-labelledby="step-test-confirm-title"
          className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="test-confirm"
        >
          <h3 id="step-test-confirm-title" className="font-medium">
            This test is real
          </h3>
          <p data-testid="test-summary">{confirming.summary}</p>
          {confirming.recipient?.kind === 'sms' && (
            <Field label="Your mobile number" hint="Remembered in this browser only" error={phoneError}>
              <Input
                type="tel"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                placeholder="+14155550100"
                autoComplete="tel"
              />
            </Field>
          )}
          <div className="flex flex-wrap gap-2">
            {confirming.recipient?.kind === 'email' && confirming.me && (
              <Button size="sm" onClick={() => run({ to: confirming.me! })}>
                Send test to me ({confirming.me})
              </Button>
            )}
            {confirming.recipient?.kind === 'sms' && (
              <Button size="sm" onClick={sendToMyPhone}>
                Send test to me
              </Button>
            )}
            <Button size="sm" variant={confirming.recipient ? 'secondary' : 'primary'} onClick={() => run()}>
              {confirming.recipient?.to ? `Send to ${confirming.recipient.to}` : 'Run the test'}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setPreview(null)}>
              Cancel
            </Button>
          </div>
        </section>
      )}
      <div aria-live="polite">
        {preview && !preview.reachesOutside && preview.summary && testResult?.state !== 'error' && (
          <p className="mb-2 text-xs text-slate-600">{preview.summary}</p>
        )}
        {testResult?.state === 'ok' && (
          <div data-testid="test-output">
            <p className="mb-1 text-xs font-medium text-emerald-700">Step ran with the sample event. Output:</p>
            <pre className="max-h-56 overflow-auto rounded-md bg-slate-50 p-2 text-xs text-slate-700">
              {JSON.stringify(testResult.output, null, 2)}
            </pre>
            {typeof contactId === 'string' && (
              <Link href={`/contacts/${contactId}`} className="mt-1 inline-block text-xs text-brand-700 underline">
                Open the test contact (you can delete it there)
              </Link>
            )}
          </div>
        )}
        {testResult?.state === 'error' && (
          <Alert tone="error" title="The step failed">
            <span data-testid="test-error">{testResult.message}</span>
          </Alert>
        )}
      </div>
    </div>
  );
}
