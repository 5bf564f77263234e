import { describe, expect, it } from 'vitest';
import { connectionDefinitions, connectionSecretKeys, stepCatalog } from './registry';
import { describe as describeSchema, fieldErrors, formFields, humanize } from './schema-fields';

describe('config form from zod schemas', () => {
  it('describes email.send: connection picker plus required and optional text fields', () => {
    const fields = formFields(stepCatalog['email.send']!.schema);
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
    const fields = formFields(stepCatalog['trigger.webhook']!.schema);
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
    const sig = formFields(stepCatalog['trigger.webhook']!.schema).find((f) => f.key === 'signature')!;
    expect(sig.spec.kind).toBe('variant');
    if (sig.spec.kind !== 'variant') return;
    expect(sig.spec.discriminator).toBe('scheme');
    expect(sig.spec.options.map((o) => o.value)).toEqual([
      'standard-webhooks',
      'hmac',
      'shared-secret',
      'typeform',
      'tally',
      'stripe',
      'slack',
      'webflow',
    ]);
    const hmac = sig.spec.options[1]!;
    expect(hmac.fields.find((f) => f.key === 'algorithm')).toMatchObject({
      required: false,
      defaultValue: 'sha256',
      spec: { kind: 'enum', options: ['sha256', 'sha1'] },
    });
  });

  it('describes records, lists of objects, enums and numbers', () => {
    const http = formFields(stepCatalog['http.request']!.schema);
    expect(http.find((f) => f.key === 'headers')!.spec.kind).toBe('record');
    expect(http.find((f) => f.key === 'method')!.spec).toEqual({
      kind: 'enum',
      options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'],
    });
    expect(http.find((f) => f.key === 'timeoutMs')!.spec).toEqual({ kind: 'number', integer: true });
    const conditions = formFields(stepCatalog.filter!.schema).find((f) => f.key === 'conditions')!;
    expect(conditions.spec.kind).toBe('list');
    const crm = formFields(stepCatalog['crm.upsertContact']!.schema);
    expect(crm.find((f) => f.key === 'tags')!.spec.kind).toBe('textOrList');
    expect(describeSchema(stepCatalog.delay!.schema).kind).toBe('object');
  });

  it('reports messages by field path', () => {
    const errors = fieldErrors(stepCatalog['email.send']!.schema, { to: '{{ trigger.body.email }}' });
    expect(errors.connection).toBe('Choose a connection');
    expect(errors.subject).toBe('Subject is required');
    expect(errors.to).toBeUndefined();
  });

  it('labels fields from their .meta(), else in words', () => {
    const trigger = formFields(stepCatalog['trigger.webhook']!.schema);
    expect(trigger.find((f) => f.key === 'redirectUrl')!.label).toBe('Redirect after form post');
    expect(trigger.find((f) => f.key === 'methods')!.hint).toMatch(/GET is off by default/);
    const email = formFields(stepCatalog['email.send']!.schema);
    expect(email.find((f) => f.key === 'text')).toMatchObject({ label: 'Message', multiline: true });
    expect(email.find((f) => f.key === 'subject')).toMatchObject({ label: 'Subject', multiline: undefined });
    expect(humanize('intervalMinutes')).toBe('Interval minutes');
    expect(humanize('url')).toBe('URL');
  });
});

describe('connection forms from the same walker', () => {
  it('describes SMTP settings with the password secret and defaults kept', () => {
    const f = formFields(connectionDefinitions.smtp!.schema);
    expect(f.map((x) => [x.key, x.spec.kind])).toEqual([
      ['host', 'text'],
      ['port', 'number'],
      ['secure', 'boolean'],
      ['starttls', 'boolean'],
      ['user', 'text'],
      ['pass', 'text'],
      ['from', 'text'],
      ['rateLimitPerSecond', 'number'],
    ]);
    expect(f.find((x) => x.key === 'pass')).toMatchObject({ label: 'Password', secret: true, required: false });
    expect(f.find((x) => x.key === 'host')).toMatchObject({
      label: 'SMTP server',
      hint: 'The host name alone, e.g. smtp.gmail.com',
    });
    expect(f.find((x) => x.key === 'port')).toMatchObject({ defaultValue: 587 });
    expect(connectionSecretKeys('smtp')).toEqual(['pass']);
  });

  it('describes the http auth choice with labelled options', () => {
    const auth = formFields(connectionDefinitions.http!.schema)[0]!;
    expect(auth.label).toBe('Authentication');
    if (auth.spec.kind !== 'variant') throw new Error('auth is a variant');
    expect(auth.spec.options.map((o) => [o.value, o.label, o.fields.map((x) => x.key)])).toEqual([
      ['bearer', 'Bearer token', ['token']],
      ['basic', 'User name and password', ['username', 'password']],
      ['header', 'Custom header', ['name', 'value']],
    ]);
    expect(connectionSecretKeys('http')).toEqual(['token', 'password', 'value']);
  });
});
