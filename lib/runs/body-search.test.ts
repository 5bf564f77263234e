import { describe, expect, it } from 'vitest';
import { likePattern } from './body-search';

describe('likePattern', () => {
  it('matches the term literally anywhere', () => {
    expect(likePattern('ann@example.com')).toBe('%ann@example.com%');
    expect(likePattern('50%_off')).toBe('%50\\%\\_off%');
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
  });
});
