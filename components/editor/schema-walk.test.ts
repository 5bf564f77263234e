import { describe, expect, it } from 'vitest';
import { stepCatalog } from '@/lib/steps/catalog';
import { describe as describeSchema, fieldErrors, formFields, humanize } from './schema-walk';

describe('config form from zod schemas', () => {
  it('describes email.send: connection picker plus required and optional text fields', () => {
    const fields = formFields(stepCatalog['email.send']!.configSchema);
    expect(fields.map((f) => [f.key, f.spec.kind, f.required])).toEqual([
      ['connection', 'connection', true],
      ['to', 'text', true],
      ['subject', 'text', true],
      ['text', 'text', true],
      ['html', 'text', false],
      ['replyTo', 'text', false],
      ['sendLimit', 'object', false],
    ]);
  });

  it('offers the trigger’s honeypot and captcha with clear labels', () => {
    const fields = formFields(stepCatalog['trigger.webhook']!.configSchema);
    expect(fields.find((f) => f.key === 'honeypot')).toMatchObject({
      label: expect.stringMatching(/^Honeypot/),
      spec: { kind: 'text' },
    });
    const captcha = fields.find((f) => f.key === 'captcha')!;
    expect(captcha.label).toMatch(/Turnstile, hCaptcha or reCAPTCHA/);
    expect(captcha.spec.kind).toBe('object');
    if (captcha.spec.kind !== 'object') return;
    expect(captcha.spec.fields.map((f) => [f.key, f.spec.kind, f.required])).toEqual([
      ['provider', 'enum', true],
      ['secret', 'text', true],
      ['minScore', 'number', false],
    ]);
  });

  it('describes the trigger signature as a variant keyed by scheme', () => {
    const sig = formFields(stepCatalog['trigger.webhook']!.configSchema).find((f) => f.key === 'signature')!;
    expect(sig.spec.kind).toBe('variant');
    if (sig.spec.kind !== 'variant') return;
    expect(sig.spec.discriminator).toBe('scheme');
    expect(sig.spec.options.map((o) => o.value)).toEqual(['standard-webhooks', 'hmac', 'shared-secret']);
    const hmac = sig.spec.options[1]!;
    expect(hmac.fields.find((f) => f.key === 'algorithm')).toMatchObject({
      required: false,
      defaultValue: 'sha256',
      spec: { kind: 'enum', options: ['sha256', 'sha1'] },
    });
  });

  it('describes records, lists of objects, enums and numbers', () => {
    const http = formFields(stepCatalog['http.request']!.configSchema);
    expect(http.find((f) => f.key === 'headers')!.spec.kind).toBe('record');
    expect(http.find((f) => f.key === 'method')!.spec).toEqual({
      kind: 'enum',
      options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'],
    });
    expect(http.find((f) => f.key === 'timeoutMs')!.spec).toEqual({ kind: 'number', integer: true });
    const conditions = formFields(stepCatalog.filter!.configSchema).find((f) => f.key === 'conditions')!;
    expect(conditions.spec.kind).toBe('list');
    const crm = formFields(stepCatalog['crm.upsertContact']!.configSchema);
    expect(crm.find((f) => f.key === 'tags')!.spec.kind).toBe('textOrList');
    expect(describeSchema(stepCatalog.delay!.configSchema).kind).toBe('object');
  });

  it('reports messages by field path', () => {
    const errors = fieldErrors(stepCatalog['email.send']!.configSchema, { to: '{{ trigger.body.email }}' });
    expect(errors.connection).toBe('Choose a connection');
    expect(errors.subject).toBe('Subject is required');
    expect(errors.to).toBeUndefined();
  });

  it('labels fields in words', () => {
    expect(humanize('redirectUrl')).toBe('Redirect after form post');
    expect(humanize('intervalMinutes')).toBe('Interval minutes');
    expect(humanize('url')).toBe('URL');
  });
});
