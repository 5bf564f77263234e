import { describe, expect, it } from 'vitest';
import { crashMessage, isSuspect, takeSuspectSlot } from './crash-guard';

describe('crash guard', () => {
  it('isolates a run at its last chance only', () => {
    expect([0, 1, 2, 3, 4].map((n) => isSuspect({ interruptions: n }))).toEqual([false, false, true, false, false]);
    expect(crashMessage(3)).toBe('This step stopped its worker 3 times; it was failed so it cannot loop');
  });

  it('hands the suspect slot to one run at a time, in arrival order, and gives up after the wait', async () => {
    const first = await takeSuspectSlot();
    expect(first).toBeTypeOf('function');
    const order: string[] = [];
    const second = takeSuspectSlot(1000).then((r) => (order.push('second'), r));
    const third = takeSuspectSlot(1000).then((r) => (order.push('third'), r));
    const late = await takeSuspectSlot(10);
    expect(late).toBeNull();
    first!();
    first!(); // a second release changes nothing
    const r2 = await second;
    expect(order).toEqual(['second']);
    r2!();
    const r3 = await third;
    expect(order).toEqual(['second', 'third']);
    r3!();
    const again = await takeSuspectSlot(10);
    expect(again).toBeTypeOf('function');
    again!();
  });
});
