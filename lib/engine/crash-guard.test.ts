import { describe, expect, it } from 'vitest';
import { crashMessage, isSuspect, takeSuspectSlot } from './crash-guard';

describe('crash guard', () => {
  it('isolates a run at its last chance only', () => {
    expect([0, 1, 2, 3, 4].map((n) => isSuspect({ interruptions: n }))).toEqual([false, false, true, false, false]);
    expect(crashMessage(3)).toBe('This step stopped its worker 3 times; it was failed so it cannot loop');
  });

  it('hands the slot to one run at a time', () => {
    const first = takeSuspectSlot();
    expect(first).toBeTypeOf('function');
    expect(takeSuspectSlot()).toBeNull();
    first!();
    const second = takeSuspectSlot();
    expect(second).toBeTypeOf('function');
    // A second release of the first holder does not free the second's slot.
    first!();
    expect(takeSuspectSlot()).toBeNull();
    second!();
    const third = takeSuspectSlot();
    expect(third).toBeTypeOf('function');
    third!();
  });
});
