import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher';

describe('createBatcher', () => {
  it('sends a lone call at once, and calls arriving meanwhile together', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const call = createBatcher<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((i) => i * 10);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = call(1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4, 5].map((i) => call(i));
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('rejects only the item whose slot holds an Error, and every item when the batch throws', async () => {
    const call = createBatcher<number, number | Error>(async (items) =>
      items.map((i) => (i === 2 ? new Error('bad') : i)),
    );
    const results = await Promise.allSettled([call(1), call(2), call(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const failing = createBatcher<number, number>(async () => {
      throw new Error('down');
    });
    await expect(Promise.all([failing(1), failing(2)])).rejects.toThrow('down');
  });
});
