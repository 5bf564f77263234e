import { describe, expect, it } from 'vitest';
import { sentinelOptions } from './sentinel';

describe('sentinelOptions', () => {
  it('is empty without REDIS_SENTINELS', () => {
    expect(sentinelOptions({})).toEqual({});
  });

  it('lists the Sentinels and the master name, and reconnects on READONLY only', () => {
    const o = sentinelOptions({ REDIS_SENTINELS: 's1.internal:26379,10.0.0.2:26380', REDIS_SENTINEL_NAME: 'sb' });
    expect(o.sentinels).toEqual([
      { host: 's1.internal', port: 26379 },
      { host: '10.0.0.2', port: 26380 },
    ]);
    expect(o.name).toBe('sb');
    const reconnect = o.reconnectOnError as (err: Error) => boolean | 1 | 2;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error('ERR unknown command'))).toBe(false);
  });
});
