'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/textarea';

// "Edit and replay" on the run page: the event's body as JSON to correct (a
// typo in an email, a missing field), then POST /api/v1/events/{id}/replay —
// a new event (the original is kept as it was) run on the published version.

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parse(text: string): Parsed {
  if (!text.trim()) return { ok: false, error: 'Enter the event body as JSON.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
  }
}

export function EditAndReplay({ eventId, body }: { eventId: string; body: unknown }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(body ?? {}, null, 2));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const parsed = parse(text);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!parsed.ok) return;
    setSending(true);
    setError(null);
    try {
      const res = await api('POST /events/{id}/replay', { params: { id: eventId }, body: { body: parsed.value } });
      setStarted(res.runId);
      setOpen(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="space-y-3" data-testid="edit-replay">
      {started && (
        <Alert tone="success">
          The corrected event is running.{' '}
          <Link href={`/runs/${started}`} className="font-medium underline" data-testid="edit-replay-run-link">
            Open the new run
          </Link>
        </Alert>
      )}
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Edit and replay
        </Button>
      ) : (
        <form onSubmit={submit} className="space-y-3">
          <Field
            label="Corrected event body (JSON)"
            hint="Runs as a new event on the published version; this event stays as it was."
            error={parsed.ok ? undefined : parsed.error}
          >
            <Textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={12}
              spellCheck={false}
              className="font-mono text-xs"
              data-testid="edit-replay-body"
            />
          </Field>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="flex gap-2">
            <Button type="submit" loading={sending} disabled={!parsed.ok || sending}>
              Replay with this body
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={sending}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
