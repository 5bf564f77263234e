import { describe, expect, it } from 'vitest';
import { applySource, sourceSecret } from '../webhook/sources';

// Webflow signs only webhooks made through its API (site token or OAuth app):
// choosing the preset without a secret leaves the flow unsigned, as a webhook
// added in the site settings needs; pasting the secret turns the check on.

describe('Webflow preset', () => {
  it('without a secret: no check (and a vendor check of another source is dropped)', () => {
    expect(applySource({}, 'webflow', '')).toEqual({ source: 'webflow' });
    expect(applySource({ signature: { scheme: 'stripe', secret: 'whsec_x' } }, 'webflow', '')).toEqual({
      source: 'webflow',
    });
  });

  it('with the webhook secret: the webflow scheme, shown back as the source’s secret', () => {
    const config = applySource({ dedupeKeyPath: 'payload.id' }, 'webflow', 'abc123');
    expect(config).toEqual({
      dedupeKeyPath: 'payload.id',
      source: 'webflow',
      signature: { scheme: 'webflow', secret: 'abc123' },
    });
    expect(sourceSecret(config)).toBe('abc123');
  });
});
