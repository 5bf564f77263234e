import { describe, expect, it } from 'vitest';
import { backupCheckOf, itemIdAt, sourceKeyOf, triggerConfigOf, valueAt } from './backup-check-config';

describe('backup check config', () => {
  it('reads item ids: strings and numbers, nested paths, long ids hashed, nothing else', () => {
    expect(itemIdAt({ id: 'abc' }, 'id')).toBe('abc');
    expect(itemIdAt({ id: 42 }, 'id')).toBe('42');
    expect(itemIdAt({ form_response: { token: 't1' } }, 'form_response.token')).toBe('t1');
    expect(itemIdAt({ id: '' }, 'id')).toBeNull();
    expect(itemIdAt({ id: { x: 1 } }, 'id')).toBeNull();
    expect(itemIdAt({ id: true }, 'id')).toBeNull();
    expect(itemIdAt({}, 'id')).toBeNull();
    // Inherited properties never count as the id.
    expect(itemIdAt({}, 'constructor')).toBeNull();
    const long = itemIdAt({ id: 'x'.repeat(500) }, 'id')!;
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(itemIdAt({ id: 'x'.repeat(500) }, 'id')).toBe(long);
  });

  it('the empty items path is the response itself', () => {
    const list = [{ id: 1 }];
    expect(valueAt(list, '')).toBe(list);
    expect(valueAt({ data: { items: list } }, 'data.items')).toBe(list);
  });

  it('takes the config from the trigger node, with defaults; an invalid one counts as none', () => {
    const graph = {
      nodes: [
        {
          id: 'trigger',
          type: 'trigger.webhook',
          config: { backupCheck: { url: 'https://forms.example/responses', idPath: 'id' } },
        },
        { id: 'x', type: 'filter', config: {} },
      ],
    };
    const config = backupCheckOf(triggerConfigOf(graph));
    expect(config).toMatchObject({
      itemsPath: '',
      intervalMinutes: 15,
      enabled: true,
      maxItemsPerPoll: 500,
      sinceFormat: 'iso',
    });
    expect(backupCheckOf({ backupCheck: { url: 'not a url', idPath: 'id' } })).toBeNull();
    expect(backupCheckOf({})).toBeNull();
    expect(triggerConfigOf({ nodes: 'nope' })).toBeNull();
  });

  it('a new source (url, items or id path) is a new baseline; the interval is not', () => {
    const base = backupCheckOf({ backupCheck: { url: 'https://a.example/r', idPath: 'id' } })!;
    expect(sourceKeyOf({ ...base, intervalMinutes: 60 })).toBe(sourceKeyOf(base));
    expect(sourceKeyOf({ ...base, url: 'https://b.example/r' })).not.toBe(sourceKeyOf(base));
    expect(sourceKeyOf({ ...base, idPath: 'token' })).not.toBe(sourceKeyOf(base));
  });
});
