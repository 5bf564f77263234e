'use client';

import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { fillSetup, sourceOf, sourceSecret, webhookSources } from '@/lib/integrations/webhook/sources';

type Props = {
  config: Record<string, unknown>;
  webhookUrl: string;
  /** A source chosen or its secret typed: the trigger config is rebuilt with applySource. */
  onChange(sourceId: string, secret: string): void;
};

const randomSecret = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
};

/** Where events come from (DESIGN.md "Sources"): the preset, its secret, and the steps to set it up in that tool. */
export function SourceSetup({ config, webhookUrl, onChange }: Props) {
  const source = sourceOf(config) ?? webhookSources[0]!;
  const secret = sourceSecret(config);
  const signs = !!source.preset?.signature;
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="source-setup">
      <Field label="Where do events come from?" hint={source.description}>
        <Select
          value={source.id}
          onChange={(e) => {
            const next = sourceOf({ source: e.target.value });
            // A secret you make up is offered at once; one the tool makes (Stripe's whsec_…) is pasted.
            onChange(e.target.value, next?.secretFrom === 'you' ? randomSecret() : '');
          }}
        >
          {webhookSources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </Select>
      </Field>
      {signs && (
        <Field
          label={source.secretFrom === 'sender' ? `Signing secret from ${source.label}` : 'Secret'}
          hint={
            source.secretFrom === 'sender'
              ? `Paste the signing secret ${source.label} shows; every delivery is checked with it.`
              : `Paste this same secret into ${source.label}; every delivery is checked with it.`
          }
          error={secret ? undefined : 'Without a secret anyone who learns the URL can send events.'}
        >
          <Input
            value={secret}
            onChange={(e) => onChange(source.id, e.target.value.trim())}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
      )}
      {signs && source.secretFrom === 'you' && (
        <div className="flex gap-2">
          <CopyButton value={secret} label="Copy secret" variant="ghost" />
          <Button size="sm" variant="ghost" onClick={() => onChange(source.id, randomSecret())}>
            New secret
          </Button>
        </div>
      )}
      {source.setup && (
        <div>
          <p className="text-sm font-medium text-slate-800">Set up {source.label}</p>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-xs text-slate-600" data-testid="source-steps">
            {source.setup.map((step) => (
              <li key={step} className="break-words">
                {fillSetup(step, webhookUrl, secret)}
              </li>
            ))}
          </ol>
        </div>
      )}
      {source.snippet && (
        <div className="space-y-1.5">
          <div className="flex items-center justify-between">
            <p className="text-sm font-medium text-slate-800">Script to paste</p>
            <CopyButton value={fillSetup(source.snippet, webhookUrl, secret)} label="Copy script" variant="ghost" />
          </div>
          <pre
            className="max-h-64 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
            data-testid="source-snippet"
            tabIndex={0}
          >
            {fillSetup(source.snippet, webhookUrl, secret)}
          </pre>
        </div>
      )}
      {source.fields && (
        <p className="text-xs text-slate-500">
          Each answer is offered by its question in every step’s “Insert variable” list, as{' '}
          <code className="font-mono">{'trigger.fields["…"]'}</code>.
        </p>
      )}
    </div>
  );
}
