import { describe, expect, it } from 'vitest';
import { EnvError, migrationUrl, parseEnv } from './env';

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

  it('asks for the Sentinel name and REDIS_URL with REDIS_SENTINELS, by name', () => {
    expect(() => parseEnv({ REDIS_SENTINELS: '10.0.0.1:26379', REDIS_URL: 'redis://master' })).toThrow(
      /REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/,
    );
    expect(() => parseEnv({ REDIS_SENTINEL_NAME: 'sb' })).toThrow(/REDIS_SENTINELS: required with REDIS_SENTINEL_NAME/);
    expect(() => parseEnv({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'sb' })).toThrow(/REDIS_URL: must be set/);
    expect(() => parseEnv({ REDIS_SENTINELS: 'a:1,b', REDIS_SENTINEL_NAME: 'sb', REDIS_URL: 'redis://m' })).toThrow(
      /REDIS_SENTINELS: must be host:port/,
    );
    const env = parseEnv({
      REDIS_SENTINELS: 'a:26379,b:26380',
      REDIS_SENTINEL_NAME: 'sb',
      REDIS_URL: 'redis://:pw@m/2',
    });
    expect(env.REDIS_SENTINELS).toBe('a:26379,b:26380');
  });

  it('asks for DATABASE_MIGRATION_URL when DATABASE_URL goes through a transaction pooler', () => {
    const pooled = 'postgresql://app@pgbouncer:6432/switchboard?pgbouncer=true';
    expect(() => parseEnv({ DATABASE_URL: pooled })).toThrow(
      /DATABASE_MIGRATION_URL: required when DATABASE_URL has pgbouncer=true/,
    );
    const env = parseEnv({ DATABASE_URL: pooled, DATABASE_MIGRATION_URL: 'postgresql://app@db:5432/switchboard' });
    expect(migrationUrl(env)).toBe('postgresql://app@db:5432/switchboard');
    expect(migrationUrl(parseEnv({}))).toBe(parseEnv({}).DATABASE_URL);
  });
});
