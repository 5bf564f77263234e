import { describe, expect, it } from 'vitest';
import { OutboundError } from '../net/outbound-request';
import { outboundStepError } from './outbound-step-error';

const UNSAFE = 'It may have been done: check before retrying.';

describe('outboundStepError', () => {
  it('retries network trouble and timeouts of a call that is safe to repeat', () => {
    for (const err of [
      new OutboundError('Could not reach x: the connection was reset', 'network', 'ECONNRESET'),
      new OutboundError('No answer from x in time (request timed out)', 'timeout'),
    ])
      expect(outboundStepError(err)).toMatchObject({ retryable: true, message: err.message });
  });

  it('for a call unsafe to repeat, retries only what never reached the server', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])
      expect(
        outboundStepError(new OutboundError(`Could not reach x (${code})`, 'network', code), {
          unsafeToRepeat: UNSAFE,
        }),
      ).toMatchObject({ retryable: true, message: `Could not reach x (${code})` });
    for (const err of [
      new OutboundError('Could not reach x: the connection was reset', 'network', 'ECONNRESET'),
      new OutboundError('Could not reach x: socket closed', 'network'),
      new OutboundError('No answer from x in time (request timed out)', 'timeout'),
    ])
      expect(outboundStepError(err, { unsafeToRepeat: UNSAFE })).toMatchObject({
        retryable: false,
        message: `${err.message}. ${UNSAFE}`,
      });
  });

  it('a blocked address is never retried, and keeps its own words', () => {
    const err = new OutboundError('127.0.0.1 is a private address', 'blocked');
    expect(outboundStepError(err, { unsafeToRepeat: UNSAFE })).toMatchObject({
      retryable: false,
      message: err.message,
    });
  });
});
