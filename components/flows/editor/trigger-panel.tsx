'use client';

import type { ReactNode } from 'react';
import { unreachableHost } from '@/lib/flows/local-url';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import type { SampleEvent } from './variables';

type Props = {
  webhookUrl: string;
  testUrl: string;
  listening: boolean;
  onListen(): void;
  onStopListening(): void;
  sample: SampleEvent | null;
  sampleError: string | null;
  /** The trigger's redirectUrl: where a browser form post is sent on to. */
  redirectUrl: string | undefined;
  onRedirectUrl(v: string | undefined): void;
  /** What an event at the webhook URL runs: the live version, never this draft (absent: not said). */
  runs?: { publishedVersion: number | null; unpublished: boolean };
  /** The source chooser and its setup steps (source-setup.tsx), right under the URL. */
  sourceSetup?: ReactNode;
};

const curlFor = (url: string) =>
  `curl -X POST '${url}' \\\n  -H 'content-type: application/json' \\\n  -d '{"email": "ada@example.com", "name": "Ada Lovelace", "message": "Hello"}'`;

/** The webhook trigger's URLs, a ready curl command and the test-event listener. */
export function TriggerPanel({
  webhookUrl,
  testUrl,
  listening,
  onListen,
  onStopListening,
  sample,
  sampleError,
  redirectUrl,
  onRedirectUrl,
  runs,
  sourceSetup,
}: Props) {
  const unreachable = unreachableHost(webhookUrl);
  return (
    <div className="space-y-4">
      <UrlRow
        label="Webhook URL"
        hint="Paste this into your form tool, shop or payment app. Runs the published flow."
        value={webhookUrl}
        testId="webhook-url"
      />
      {sourceSetup}
      {unreachable && (
        <Alert tone="warning" title="Only this computer's network can reach this URL" id="webhook-url-local">
          <span data-testid="webhook-url-local">
            {unreachable}, so a form service or app on the internet cannot send to it. Set <code>APP_URL</code> to a
            public address (a tunnel such as cloudflared or ngrok, or a reverse proxy): see “Reaching Switchboard from
            the internet” in the README.
          </span>
        </Alert>
      )}
      <UrlRow
        label="Test URL"
        hint="Events sent here become the sample for picking fields. Nothing runs."
        value={testUrl}
        testId="test-url"
      />
      <ThankYouSection redirectUrl={redirectUrl} onRedirectUrl={onRedirectUrl} />
      <div className="space-y-1.5">
        <div className="flex items-center justify-between">
          <p className="text-sm font-medium text-slate-800">Try it with curl</p>
          <CopyButton value={curlFor(testUrl)} label="Copy command" variant="ghost" />
        </div>
        <pre
          className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
          data-testid="curl-example"
          // Scrollable, so reachable by keyboard.
          tabIndex={0}
        >
          {curlFor(testUrl)}
        </pre>
      </div>
      <div className="space-y-2 rounded-md border border-slate-200 p-3">
        <div className="flex items-center justify-between gap-2">
          <p className="text-sm font-medium text-slate-800">Sample event</p>
          {listening ? (
            <Button size="sm" variant="secondary" onClick={onStopListening}>
              Stop listening
            </Button>
          ) : (
            <Button size="sm" onClick={onListen}>
              Listen for test event
            </Button>
          )}
        </div>
        {runs && <WhatRuns {...runs} />}
        <div aria-live="polite" className="text-sm">
          {listening && (
            <p className="flex items-center gap-2 text-brand-700" data-testid="listening">
              <Spinner /> Waiting for an event at the test URL…
            </p>
          )}
          {sampleError && <p className="text-red-600">{sampleError}</p>}
          {!listening && !sample && !sampleError && (
            <p className="text-slate-500">
              No sample yet. Click “Listen for test event”, then submit your form to the test URL (or run the curl
              command).
            </p>
          )}
          {sample && (
            <div data-testid="sample-event">
              <p className="mb-1 text-xs text-slate-500">
                {sample.method ?? 'POST'} received{' '}
                {sample.receivedAt ? new Date(sample.receivedAt).toLocaleString() : ''}. Its fields are in every step’s
                “Insert variable” list.
              </p>
              <pre tabIndex={0} className="max-h-48 overflow-auto rounded-md bg-slate-50 p-2 text-xs text-slate-700">
                {JSON.stringify(sample.body, null, 2)}
              </pre>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** A test submission runs the live version, not the draft on screen: said where the person tests. */
function WhatRuns({ publishedVersion, unpublished }: { publishedVersion: number | null; unpublished: boolean }) {
  return (
    <p
      className={unpublished ? 'rounded-md bg-amber-50 p-2 text-xs text-amber-900' : 'text-xs text-slate-500'}
      data-testid="what-runs"
    >
      {publishedVersion === null
        ? 'Not live yet: events sent to the webhook URL are kept as samples and run nothing until you publish.'
        : unpublished
          ? `Events sent to the webhook URL run the live version ${publishedVersion}, not the unpublished changes you see here. Publish to make them live; the test URL only captures a sample and runs nothing.`
          : `Events sent to the webhook URL run the live version ${publishedVersion}, the same as shown here. The test URL only captures a sample and runs nothing.`}
    </p>
  );
}

function UrlRow({ label, hint, value, testId }: { label: string; hint: string; value: string; testId: string }) {
  return (
    <div className="space-y-1.5">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="flex items-center gap-2">
        <input
          readOnly
          value={value}
          aria-label={label}
          data-testid={testId}
          onFocus={(e) => e.target.select()}
          className="h-8 min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-2 font-mono text-xs text-slate-700"
        />
        <CopyButton value={value} />
      </div>
      <p className="text-xs text-slate-500">{hint}</p>
    </div>
  );
}

const isWebUrl = (v: string) => {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** What someone who submits a plain HTML form sees next, and how to send them to your own page. */
function ThankYouSection({
  redirectUrl,
  onRedirectUrl,
}: {
  redirectUrl: string | undefined;
  onRedirectUrl(v: string | undefined): void;
}) {
  const value = redirectUrl ?? '';
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="after-form-post">
      <p className="text-sm font-medium text-slate-800">After someone submits your form</p>
      <p className="text-xs text-slate-500">
        {value
          ? 'Their browser goes on to your page below (a 303 redirect).'
          : 'Their browser shows a plain “Thank you!” page from Switchboard. To show your own page instead, enter its address.'}{' '}
        Apps and form services that send data themselves always get a short JSON answer.
      </p>
      <Field
        label="Your thank-you page (optional)"
        error={value && !isWebUrl(value) ? 'Enter a full address starting with https://' : undefined}
      >
        <Input
          type="url"
          inputMode="url"
          placeholder="https://example.com/thanks"
          value={value}
          onChange={(e) => onRedirectUrl(e.target.value.trim() === '' ? undefined : e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
    </div>
  );
}
