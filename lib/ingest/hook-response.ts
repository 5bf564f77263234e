import type { Template } from 'liquidjs';
import { logger } from '../log';
import { webhookResponseSchema } from '../integrations/webhook/trigger';
import { hasMarkup, liquid, parseTemplate, RenderBudget, renderTemplate } from '../templates/liquid-engine';
import type { TriggerData } from '../templates/render-config';

// The trigger's `response`: the answer to an accepted or held event instead of
// the 202 JSON. Parsed (templates included) once per trigger config object the
// flow cache holds, so a flow without `response` pays nothing and one with it
// pays only the render. Rendering happens after the event is committed, so it
// can never fail the request: a template error, a budget overrun or an output
// over the limit falls back to the default answer and is logged.

type Text = string | Template[];

export type ResponseSettings = {
  status: number;
  contentType: string | null;
  body: Text | null;
  /** Lower-case names. */
  headers: [string, Text][];
};

export const MAX_RESPONSE_BODY_BYTES = 65_536;
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=utf-8';
/** Smaller than a step's: this render holds up the web process's answer. */
const ANSWER_BUDGET = { ms: 50, memory: 1_000_000, allocation: 200_000 } as const;
/** A custom answer may echo what the sender sent: never let a browser treat it as a page of the app's origin. */
const FIXED_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox",
};
/** What a header value may hold on the wire (visible ASCII, space, tab); anything else drops the header. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

const parsed = new WeakMap<object, ResponseSettings | null>();

/** The trigger's `response`, parsed once per config object; null when absent or invalid (the default answer applies). */
export function responseSettings(raw: unknown): ResponseSettings | null {
  if (raw === undefined || raw === null || typeof raw !== 'object') return null;
  let settings = parsed.get(raw);
  if (settings === undefined) {
    settings = parseResponse(raw);
    parsed.set(raw, settings);
  }
  return settings;
}

function parseResponse(raw: unknown): ResponseSettings | null {
  const r = webhookResponseSchema.safeParse(raw);
  if (!r.success) return null;
  try {
    const compile = (s: string): Text => (hasMarkup(s) ? parseTemplate(s) : s);
    return {
      status: r.data.status,
      contentType: r.data.contentType ?? (r.data.body !== undefined ? DEFAULT_CONTENT_TYPE : null),
      body: r.data.body === undefined ? null : compile(r.data.body),
      headers: Object.entries(r.data.headers ?? {}).map(([name, value]) => [name.toLowerCase(), compile(value)]),
    };
  } catch {
    // Bad Liquid syntax (refused at save; a flow stored before that still answers).
    return null;
  }
}

/** The custom answer, or null (logged) when it cannot be rendered: the caller then sends the default answer. */
export function renderResponse(
  settings: ResponseSettings,
  trigger: TriggerData,
  base: Record<string, string>,
): { status: number; headers: Record<string, string>; body: string | null } | null {
  const budget = new RenderBudget(ANSWER_BUDGET);
  const scope = { trigger };
  const render = (t: Text): string => {
    if (typeof t === 'string') return t;
    const out = renderTemplate(t, scope, budget);
    if (out === null || out === undefined) return '';
    return typeof out === 'object' ? JSON.stringify(out) : String(out);
  };
  try {
    const headers: Record<string, string> = { ...base };
    for (const [name, template] of settings.headers) {
      const value = render(template).trim();
      // Header injection: a value with CR, LF or any other control character never reaches the wire.
      if (!HEADER_VALUE.test(value) || value.length > 4096) {
        logger.warn(
          { header: name },
          'webhook response header dropped: its rendered value is not a valid header value',
        );
        continue;
      }
      headers[name] = value;
    }
    // 204 and 205 carry no body.
    const body =
      settings.body === null || settings.status === 204 || settings.status === 205 ? null : render(settings.body);
    if (body !== null && Buffer.byteLength(body) > MAX_RESPONSE_BODY_BYTES) {
      throw new Error(`the rendered body is over ${MAX_RESPONSE_BODY_BYTES} bytes`);
    }
    if (body !== null && settings.contentType) headers['content-type'] = settings.contentType;
    return { status: settings.status, headers: { ...headers, ...FIXED_HEADERS }, body };
  } catch (err) {
    logger.warn(
      { err: budget.exceeded ?? (err as Error).message?.split('\n')[0] },
      'webhook response could not be rendered; sent the default answer',
    );
    return null;
  }
}

/** Liquid problems of a `response` block (syntax, variables other than trigger), by field ("body", "headers.X-Echo"). */
export function responseTemplateIssues(raw: unknown): { field: string; message: string }[] {
  if (!raw || typeof raw !== 'object') return [];
  const r = raw as { body?: unknown; headers?: unknown };
  const sources: [string, unknown][] = [['body', r.body]];
  if (r.headers && typeof r.headers === 'object') {
    for (const [name, value] of Object.entries(r.headers)) sources.push([`headers.${name}`, value]);
  }
  const issues: { field: string; message: string }[] = [];
  for (const [field, source] of sources) {
    if (typeof source !== 'string' || !hasMarkup(source)) continue;
    let templates: Template[];
    try {
      templates = liquid.parse(source);
    } catch (err) {
      issues.push({ field, message: `template error: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    try {
      const roots = new Set(liquid.globalVariableSegmentsSync(templates).map((s) => String(s[0])));
      roots.delete('trigger');
      if (roots.size) {
        issues.push({
          field,
          message: `only trigger.body, trigger.query, trigger.headers, trigger.method and trigger.receivedAt can be used here, not "${[...roots][0]}"`,
        });
      }
    } catch {
      // Static analysis is a convenience; rendering applies every limit.
    }
  }
  return issues;
}
