import { describe, expect, it } from 'vitest';
import { alertSettingsInput } from './alert-settings-schema';

const base = { onFailure: true, onQuiet: true, email: true };
const issue = (input: object) => {
  const r = alertSettingsInput.safeParse({ ...base, ...input });
  return r.success ? null : { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message };
};

describe('alert settings input', () => {
  it('takes a Slack incoming webhook URL and nothing shaped otherwise', () => {
    expect(issue({ slackUrl: 'https://hooks.slack.com/services/T0001/B0002/abcDEF123' })).toBeNull();
    for (const bad of [
      'http://hooks.slack.com/services/T0001/B0002/abc',
      'https://hooks.slack.com.evil.test/services/T/B/c',
      'https://example.com/services/T0001/B0002/abc',
      'https://hooks.slack.com/services/T0001/B0002',
    ])
      expect(issue({ slackUrl: bad })).toEqual({
        path: 'slackUrl',
        message: 'must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)',
      });
  });

  it('takes an http(s) webhook URL; "" removes a saved URL', () => {
    expect(issue({ webhookUrl: 'https://example.com/alerts?x=1' })).toBeNull();
    expect(issue({ webhookUrl: '', slackUrl: '' })).toBeNull();
    expect(issue({ webhookUrl: 'ftp://example.com/x' })).toEqual({
      path: 'webhookUrl',
      message: 'must be an http:// or https:// URL',
    });
    expect(issue({ webhookUrl: 'not a url' })?.path).toBe('webhookUrl');
  });
});
