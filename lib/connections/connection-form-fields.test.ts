import { describe, expect, it } from 'vitest';
import { connectionFormFields } from './connection-form-fields';

describe('connectionFormFields', () => {
  it('renders SMTP settings with the password as a secret and defaults kept', () => {
    const f = connectionFormFields('smtp');
    expect(f.map((x) => [x.path, x.kind])).toEqual([
      ['host', 'text'],
      ['port', 'number'],
      ['secure', 'boolean'],
      ['starttls', 'boolean'],
      ['user', 'text'],
      ['pass', 'secret'],
      ['from', 'text'],
      ['rateLimitPerSecond', 'number'],
    ]);
    expect(f.find((x) => x.path === 'rateLimitPerSecond')).toMatchObject({ optional: true });
    expect(f.find((x) => x.path === 'port')).toMatchObject({ defaultValue: 587, optional: false });
    expect(f.find((x) => x.path === 'user')).toMatchObject({ optional: true });
  });

  it('renders the http auth choice with nested secret fields', () => {
    const auth = connectionFormFields('http')[0]!;
    expect(auth.kind).toBe('choice');
    if (auth.kind !== 'choice') return;
    expect(auth.options.map((o) => [o.value, o.fields.map((x) => `${x.path}:${x.kind}`)])).toEqual([
      ['bearer', ['auth.token:secret']],
      ['basic', ['auth.username:text', 'auth.password:secret']],
      ['header', ['auth.name:text', 'auth.value:secret']],
    ]);
  });
});
