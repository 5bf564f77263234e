import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('applies the contract defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.WEBHOOK_MAX_BYTES).toBe(1024 * 1024);
    expect(env.RETRY_BASE_MS).toBe(15000);
    expect(env.OUTBOUND_ALLOW_PRIVATE).toBe(false);
    expect(env.DATABASE_URL).toContain('127.0.0.1');
  });

  it('names every bad variable in one message', () => {
    const attempt = () => parseEnv({ PORT: 'abc', REDIS_URL: 'http://x', OUTBOUND_ALLOW_PRIVATE: 'maybe' });
    expect(attempt).toThrow(EnvError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/PORT: must be a number/);
      expect(message).toMatch(/REDIS_URL: must be "embedded" or a URL starting with redis:/);
      expect(message).toMatch(/OUTBOUND_ALLOW_PRIVATE: must be true or false/);
    }
  });

  it('accepts "embedded" for DATABASE_URL and REDIS_URL, which only the start script resolves', () => {
    const parsed = parseEnv({ DATABASE_URL: 'embedded', REDIS_URL: 'embedded' });
    expect(parsed.DATABASE_URL).toBe('embedded');
    expect(parsed.REDIS_URL).toBe('embedded');
    expect(() => parseEnv({ DATABASE_URL: 'embeded' })).toThrow(/DATABASE_URL: must be "embedded" or a URL/);
  });

  it('derives APP_URL from PORT and strips a trailing slash', () => {
    expect(parseEnv({ PORT: '4000' }).APP_URL).toBe('http://localhost:4000');
    expect(parseEnv({ APP_URL: 'https://sb.example.com/' }).APP_URL).toBe('https://sb.example.com');
  });
});
