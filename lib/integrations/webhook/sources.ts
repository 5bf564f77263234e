import type { SourceContact, SourceDefinition, SourceFieldValue, SourceInput } from '../define';
import { defineSource } from '../define';
import { githubSource } from '../github/source';
import { googleFormsSource } from '../google-forms/source';
import { jotformSource } from '../jotform/source';
import { shopifySource } from '../shopify/source';
import { stripeSource } from '../stripe/source';
import { tallySource } from '../tally/source';
import { typeformSource } from '../typeform/source';
import { webflowSource } from '../webflow/source';
import { guessContact, hintsFromFields } from './contact-guess';
import { isObject, MAX_FIELDS, scalarText } from './field-values';

// The webhook trigger's presets (DESIGN.md "Sources"), in chooser order. The
// ingest path reads a source's dedupe key here, the engine and the editor its
// fields, without loading the whole app registry.

export const genericSource = defineSource({
  id: 'generic',
  label: 'Any app or HTML form',
  description: 'Anything that can send JSON, form data or text to a URL.',
  icon: 'webhook',
  trigger: 'trigger.webhook',
  setup: [
    'Paste this URL where the app asks for a webhook URL, or use it as the action of an HTML <form method="post">: {url}',
    'Send one request (or submit the form) to capture a sample.',
  ],
});

export const webhookSources: SourceDefinition[] = [
  genericSource,
  typeformSource,
  tallySource,
  jotformSource,
  googleFormsSource,
  webflowSource,
  stripeSource,
  shopifySource,
  githubSource,
];

const byId = new Map(webhookSources.map((s) => [s.id, s]));

/** The source a trigger config names; null for none or an unknown id. */
export function sourceOf(config: Record<string, unknown> | null | undefined): SourceDefinition | null {
  const id = config?.source;
  return typeof id === 'string' ? (byId.get(id) ?? null) : null;
}

/** `trigger.fields` of an event, or undefined when the trigger's source has none (generic). Never throws. */
export function triggerFields(
  config: Record<string, unknown> | null | undefined,
  input: SourceInput,
): Record<string, SourceFieldValue> | undefined {
  const source = sourceOf(config);
  if (!source?.fields) return undefined;
  try {
    return source.fields({ body: input.body, headers: input.headers ?? {} }) ?? {};
  } catch {
    return {};
  }
}

/**
 * `trigger.email` and `trigger.name` of an event: the source's own reading, else guessed from its fields by
 * label, else (generic: an HTML form, JSON) from the body's top-level keys. Each left out when not found. Never throws.
 */
export function triggerContact(
  config: Record<string, unknown> | null | undefined,
  input: SourceInput,
  fields?: Record<string, SourceFieldValue>,
): SourceContact {
  const source = sourceOf(config);
  try {
    if (source?.contact) return source.contact({ body: input.body, headers: input.headers ?? {} }) ?? {};
    if (fields) return guessContact(hintsFromFields(fields));
    const body = input.body;
    if (!isObject(body)) return {};
    return guessContact(
      Object.entries(body)
        .slice(0, MAX_FIELDS)
        .map(([label, v]) => ({ label, value: scalarText(v) })),
    );
  } catch {
    return {};
  }
}

/**
 * The trigger data as steps see it: `trigger.fields` added when the trigger names a form source, and
 * `trigger.email` / `trigger.name` when the event names its sender; computed from the stored event.
 */
export function withFields<T extends { body: unknown; headers: unknown }>(
  config: Record<string, unknown> | null | undefined,
  trigger: T,
): T & { fields?: Record<string, SourceFieldValue> } & SourceContact {
  const input = { body: trigger.body, headers: (trigger.headers ?? {}) as Record<string, unknown> };
  const fields = triggerFields(config, input);
  const contact = triggerContact(config, input, fields);
  return { ...trigger, ...(fields ? { fields } : {}), ...contact };
}

/**
 * The trigger config after choosing a source in the editor: `source` set (left out for generic),
 * and the preset's sender check put in place with `secret` (none while the secret is empty, so
 * the draft still saves; a check of another scheme is replaced).
 */
export function applySource(
  config: Record<string, unknown>,
  sourceId: string,
  secret: string,
): Record<string, unknown> {
  const { source: _old, signature: oldSignature, ...rest } = config;
  const source = byId.get(sourceId);
  const next: Record<string, unknown> = sourceId === 'generic' || !source ? rest : { ...rest, source: sourceId };
  const preset = source?.preset?.signature as Record<string, unknown> | undefined;
  if (!preset) {
    // Generic keeps a hand-made check; a source without one of its own (Jotform) drops a vendor's.
    if (oldSignature && (sourceId === 'generic' || !isVendorScheme(oldSignature))) next.signature = oldSignature;
    return next;
  }
  if (secret) next.signature = { ...preset, secret };
  return next;
}

const isVendorScheme = (sig: unknown) =>
  !!sig &&
  typeof sig === 'object' &&
  !['standard-webhooks', 'hmac', 'shared-secret'].includes(String((sig as { scheme?: unknown }).scheme));

/** The secret of the trigger's check when it is the source's own scheme (what the setup shows). */
export function sourceSecret(config: Record<string, unknown>): string {
  const source = sourceOf(config);
  const sig = config.signature as { scheme?: unknown; secret?: unknown; header?: unknown } | undefined;
  const preset = source?.preset?.signature as { scheme?: unknown; header?: unknown } | undefined;
  if (!sig || !preset || sig.scheme !== preset.scheme) return '';
  return typeof sig.secret === 'string' ? sig.secret : '';
}

/** A setup step or snippet with the webhook URL and secret filled in. */
export const fillSetup = (text: string, url: string, secret: string) =>
  text.replaceAll('{url}', url).replaceAll('{secret}', secret.replaceAll("'", "\\'"));
