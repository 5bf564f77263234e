import type { z } from 'zod';
import type { ConnectionType } from '../steps/types';
import { connectionSchemas, secretKeys } from './connection-schemas';

// Browser-safe: turns a connection type's zod schema into the fields of its
// form, so the form and the API can never disagree on what a type needs.

export type FormField =
  | {
      kind: 'text' | 'number' | 'secret';
      path: string;
      label: string;
      hint?: string;
      optional: boolean;
      defaultValue?: unknown;
    }
  | { kind: 'boolean'; path: string; label: string; hint?: string; optional: boolean; defaultValue?: boolean }
  | {
      kind: 'choice';
      path: string;
      label: string;
      discriminator: string;
      options: { value: string; label: string; fields: FormField[] }[];
    };

const LABELS: Record<string, [string, string?]> = {
  host: ['SMTP server', 'e.g. smtp.gmail.com'],
  port: ['Port', '587 for STARTTLS, 465 for TLS'],
  secure: ['Use TLS from the start (port 465)'],
  starttls: ['Require STARTTLS', 'Refuse to send if the server cannot upgrade to an encrypted connection'],
  user: ['User name'],
  pass: ['Password'],
  from: ['From address', 'e.g. Acme Support <support@acme.com>'],
  webhookUrl: ['Incoming webhook URL', 'https://hooks.slack.com/services/…'],
  accountSid: ['Account SID', 'Starts with AC; on your Twilio console'],
  authToken: ['Auth token'],
  fromNumber: ['From number', 'Your Twilio number, e.g. +14155550100'],
  baseUrl: ['API base URL', 'Leave empty unless you use a proxy or a test server'],
  accessToken: [
    'Private app access token',
    'HubSpot → Settings → Integrations → Private apps (scope: crm.objects.contacts)',
  ],
  auth: ['Authentication'],
  token: ['Token'],
  username: ['User name'],
  password: ['Password'],
  name: ['Header name', 'e.g. X-Api-Key'],
  value: ['Header value'],
  rateLimitPerSecond: [
    'Rate limit (calls per second)',
    'Optional: the vendor’s limit, shared by all workers; extra calls wait',
  ],
};

const CHOICE_LABELS: Record<string, string> = {
  bearer: 'Bearer token',
  basic: 'User name and password',
  header: 'Custom header',
};

type Def = {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  options?: z.ZodObject[];
  discriminator?: string;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

function fieldsOf(shape: Record<string, z.ZodType>, secrets: string[], prefix: string): FormField[] {
  const out: FormField[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    let s = schema;
    let optional = false;
    let defaultValue: unknown;
    for (let d = defOf(s); d.type === 'optional' || d.type === 'default'; d = defOf(s)) {
      optional = true;
      if (d.type === 'default')
        defaultValue = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
      s = d.innerType!;
    }
    const d = defOf(s);
    const path = prefix ? `${prefix}.${key}` : key;
    const [label, hint] = LABELS[key] ?? [key];
    if (d.type === 'union' && d.options) {
      const discriminator = d.discriminator ?? 'type';
      out.push({
        kind: 'choice',
        path,
        label,
        discriminator,
        options: d.options.map((o) => {
          const value = String(
            (defOf(o.shape[discriminator] as z.ZodType) as unknown as { values: unknown[] }).values[0],
          );
          const rest = Object.fromEntries(Object.entries(o.shape).filter(([k]) => k !== discriminator)) as Record<
            string,
            z.ZodType
          >;
          return { value, label: CHOICE_LABELS[value] ?? value, fields: fieldsOf(rest, secrets, path) };
        }),
      });
    } else if (d.type === 'boolean') {
      out.push({ kind: 'boolean', path, label, hint, optional, defaultValue: defaultValue as boolean | undefined });
    } else {
      const kind = secrets.includes(key) ? 'secret' : d.type === 'number' ? 'number' : 'text';
      out.push({ kind, path, label, hint, optional: optional && defaultValue === undefined, defaultValue });
    }
  }
  return out;
}

export function connectionFormFields(type: ConnectionType): FormField[] {
  return fieldsOf(connectionSchemas[type].shape as Record<string, z.ZodType>, secretKeys[type], '');
}
