import { describe, expect, it } from 'vitest';
import { stepCatalog } from '../integrations/registry';
import { testReachesOutside } from './test-side-effects';

describe('which step tests reach outside Switchboard', () => {
  it('messaging, vendor and HTTP steps do; the built-in CRM and the engine steps do not', () => {
    const outside = Object.keys(stepCatalog).filter(testReachesOutside).sort();
    expect(outside).toEqual([
      'email.send',
      'http.request',
      'hubspot.upsertContact',
      'slack.postMessage',
      'twilio.sendSms',
    ]);
    expect(testReachesOutside('no.such.step')).toBe(false);
  });
});
