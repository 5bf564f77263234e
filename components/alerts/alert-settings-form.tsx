'use client';

import { useState } from 'react';
import { api, ApiError } from '@/lib/api/client';
import { useCan } from '@/components/auth/role-context';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { alertSettingsInput, type AlertSettingsView } from '@/lib/alerts/alert-settings-schema';

// A flow's alerts: which kinds (a run failed; no events for N hours) and
// where (owners' email, a Slack incoming webhook, any webhook). Saved URLs are
// secrets: only a hint of them is shown, an empty field keeps them.

type Errors = Partial<Record<'slackUrl' | 'webhookUrl' | 'form', string>>;

export function AlertSettingsForm({ flowId, initial }: { flowId: string; initial: AlertSettingsView }) {
  const canEdit = useCan('editor');
  const [saved, setSaved] = useState(initial);
  const [onFailure, setOnFailure] = useState(initial.onFailure);
  const [onQuiet, setOnQuiet] = useState(initial.onQuiet);
  const [email, setEmail] = useState(initial.email);
  const [slackUrl, setSlackUrl] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');

  async function save(e: React.FormEvent, remove?: 'slackUrl' | 'webhookUrl') {
    e.preventDefault();
    const body = {
      onFailure,
      onQuiet,
      email,
      ...(slackUrl.trim() || remove === 'slackUrl' ? { slackUrl: remove === 'slackUrl' ? '' : slackUrl.trim() } : {}),
      ...(webhookUrl.trim() || remove === 'webhookUrl'
        ? { webhookUrl: remove === 'webhookUrl' ? '' : webhookUrl.trim() }
        : {}),
    };
    // The same schema as the API: a wrong URL is named next to its field before anything is sent.
    const parsed = alertSettingsInput.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    setState('saving');
    try {
      const next = await api('PUT /flows/{id}/alerts', { params: { id: flowId }, body: parsed.data });
      setSaved(next);
      setSlackUrl('');
      setWebhookUrl('');
      setState('saved');
    } catch (err) {
      setState('idle');
      if (err instanceof ApiError && err.details.length) setErrors(fieldErrors(err.details));
      else setErrors({ form: (err as Error).message });
    }
  }

  return (
    <form onSubmit={(e) => save(e)} className="space-y-5" aria-label="Alerts">
      <fieldset className="space-y-2" disabled={!canEdit}>
        <legend className="text-sm font-medium text-slate-800">Alert me when</legend>
        <Check checked={onFailure} onChange={setOnFailure} label="A run fails after its last retry" />
        <Check
          checked={onQuiet}
          onChange={setOnQuiet}
          label={`No events arrive for ${saved.quietHours} hours (change the hours on the Overview tab)`}
        />
      </fieldset>
      <fieldset className="space-y-3" disabled={!canEdit}>
        <legend className="text-sm font-medium text-slate-800">Send alerts to</legend>
        <Check checked={email} onChange={setEmail} label="Email to the workspace owners" />
        <Field
          label="Slack incoming webhook URL"
          hint={
            saved.slack
              ? `Saved: ${saved.slack} — enter a new URL to replace it.`
              : 'From Slack: Apps → Incoming Webhooks.'
          }
          error={errors.slackUrl}
        >
          <Input
            value={slackUrl}
            onChange={(e) => setSlackUrl(e.target.value)}
            placeholder="https://hooks.slack.com/services/…"
            autoComplete="off"
          />
        </Field>
        {saved.slack && (
          <Button type="button" size="sm" variant="ghost" onClick={(e) => save(e, 'slackUrl')}>
            Stop sending to Slack
          </Button>
        )}
        <Field
          label="Webhook URL (any app: a JSON POST)"
          hint={saved.webhook ? `Saved: ${saved.webhook} — enter a new URL to replace it.` : undefined}
          error={errors.webhookUrl}
        >
          <Input
            value={webhookUrl}
            onChange={(e) => setWebhookUrl(e.target.value)}
            placeholder="https://example.com/alerts"
            autoComplete="off"
          />
        </Field>
        {saved.webhook && (
          <Button type="button" size="sm" variant="ghost" onClick={(e) => save(e, 'webhookUrl')}>
            Stop sending to the webhook
          </Button>
        )}
      </fieldset>
      <p className="text-xs text-slate-500">
        At most one alert of each kind per hour, each with a link to this flow’s runs.
      </p>
      <div className="flex items-center gap-3">
        {canEdit && (
          <Button type="submit" loading={state === 'saving'}>
            Save alerts
          </Button>
        )}
        <span role="status" className="text-sm text-emerald-700">
          {state === 'saved' ? 'Saved.' : ''}
        </span>
        {errors.form && (
          <span role="alert" className="text-sm text-red-700">
            {errors.form}
          </span>
        )}
      </div>
    </form>
  );
}

function fieldErrors(issues: readonly { path: PropertyKey[] | string; message: string }[]): Errors {
  const out: Errors = {};
  for (const i of issues) {
    const key = (Array.isArray(i.path) ? String(i.path[0] ?? '') : i.path) as keyof Errors;
    if (key === 'slackUrl' || key === 'webhookUrl') out[key] ??= i.message;
    else out.form ??= i.message;
  }
  return out;
}

function Check({ checked, onChange, label }: { checked: boolean; onChange: (v: boolean) => void; label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="size-4 accent-brand-600"
      />
      {label}
    </label>
  );
}
