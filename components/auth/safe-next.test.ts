import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

// Where sign-in sends a person afterwards can never be another site.

const BASE = 'https://app.example';
const staysOnSite = (path: string) =>
  new URL(path, BASE).origin === BASE && path.startsWith('/') && !path.startsWith('//');

describe('safeNext', () => {
  it('keeps paths of this site, normalised', () => {
    expect(safeNext('/flows/123?tab=runs#top')).toBe('/flows/123?tab=runs#top');
    expect(safeNext('/runs')).toBe('/runs');
    expect(safeNext('/a/../settings')).toBe('/settings');
  });

  it.each([
    ['/\\evil.example', 'backslash'],
    ['/\t/evil.example', 'tab (from /%09/)'],
    ['/\n/evil.example', 'newline'],
    ['//evil.example', 'protocol-relative'],
    ['https://evil.example', 'absolute'],
    ['\\\\evil.example', 'double backslash'],
    ['/\\/evil.example', 'slash backslash slash'],
    ['javascript:alert(1)', 'script'],
    [' /flows', 'leading space'],
  ])('falls back to /flows for %j (%s)', (next) => {
    expect(safeNext(next)).toBe('/flows');
  });

  it('falls back for missing or repeated values', () => {
    expect(safeNext(undefined)).toBe('/flows');
    expect(safeNext(['/a', '/b'])).toBe('/flows');
    expect(safeNext('')).toBe('/flows');
  });

  it('whatever the input, the answer resolves to this site', () => {
    const piece = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      '%09',
      '%2F',
      '%5C',
      '.',
      ':',
      '@',
      'evil.example',
      'https:',
      ' ',
      '?',
      '#',
      'a',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        ),
        (next) => {
          const out = safeNext(next);
          expect(staysOnSite(out)).toBe(true);
          // A browser resolving it against any page of the site stays too.
          expect(new URL(out, `${BASE}/deep/page`).origin).toBe(BASE);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
