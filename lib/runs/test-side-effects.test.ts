import { describe, expect, it } from 'vitest';
import { stepCatalog } from '../integrations/registry';
import { testReachesOutside } from './test-side-effects';

describe('which step tests reach outside Switchboard', () => {
  it('messaging, vendor and HTTP steps do; the built-in CRM and the engine steps do not', () => {
    const outside = Object.keys(stepCatalog).filter(testReachesOutside).sort();
    expect(outside).toEqual([
      'airtable.createRecord',
      'attio.upsertPerson',
      'brevo.addContact',
      'discord.postMessage',
      'email.send',
      'gmail.sendEmail',
      'googleSheets.appendRow',
      'http.request',
      'hubspot.upsertContact',
      'outlook.sendEmail',
      'pipedrive.createLead',
      'postmark.sendEmail',
      'resend.sendEmail',
      'salesforce.createLead',
      'sendgrid.sendEmail',
      'slack.postMessage',
      'teams.postMessage',
      'telegram.sendMessage',
      'twilio.sendSms',
    ]);
    expect(testReachesOutside('no.such.step')).toBe(false);
  });
});
