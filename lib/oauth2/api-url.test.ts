import { describe, expect, it } from 'vitest';
import { oauthApiUrl } from './api-url';

// env() is read once per process (this test file's): set before the first call.
process.env.OAUTH_GOOGLE_API_URL = 'http://127.0.0.1:9/proxy/';
delete process.env.OAUTH_MICROSOFT_API_URL;

describe('oauthApiUrl', () => {
  it('OAUTH_<P>_API_URL takes the place of the origin; path (encoded as it was) and query stay', () => {
    expect(
      oauthApiUrl(
        'google',
        "https://sheets.googleapis.com/v4/spreadsheets/abc/values/'Q1%20''24':append?valueInputOption=USER_ENTERED",
      ),
    ).toBe("http://127.0.0.1:9/proxy/v4/spreadsheets/abc/values/'Q1%20''24':append?valueInputOption=USER_ENTERED");
    expect(oauthApiUrl('google', 'https://gmail.googleapis.com/gmail/v1/users/me/messages/send')).toBe(
      'http://127.0.0.1:9/proxy/gmail/v1/users/me/messages/send',
    );
  });

  it('leaves the vendor’s URL alone when the provider has no override, or the type is not OAuth2', () => {
    expect(oauthApiUrl('microsoft', 'https://graph.microsoft.com/v1.0/me/sendMail')).toBe(
      'https://graph.microsoft.com/v1.0/me/sendMail',
    );
    expect(oauthApiUrl('postmark', 'https://api.postmarkapp.com/email')).toBe('https://api.postmarkapp.com/email');
  });
});
