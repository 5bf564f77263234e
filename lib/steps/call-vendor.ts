import { outboundRequest, type OutboundResponse } from '../net/outbound-request';
import { outboundStepError } from './outbound-step-error';

// A JSON/form call to a vendor API through the guarded client. Vendor APIs do
// not redirect, so a redirect is answered as is rather than followed.

export type VendorResponse = OutboundResponse & { text: string; json: any };

export async function callVendor(req: {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as it goes on the wire, or: */
  body?: string;
  /** a value sent as JSON (with its content type); undefined sends no body. */
  json?: unknown;
  signal: AbortSignal;
  /**
   * For a call that is not safe to repeat: what to tell the user when it got
   * no answer after it may have reached the vendor (the step then fails
   * instead of being retried; see outboundStepError).
   */
  unsafeToRepeat?: string;
}): Promise<VendorResponse> {
  const { json: payload, unsafeToRepeat, ...rest } = req;
  let res: OutboundResponse;
  try {
    res = await outboundRequest({
      ...rest,
      headers: {
        'user-agent': 'Switchboard',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: payload === undefined ? req.body : JSON.stringify(payload),
      followRedirects: false,
    });
  } catch (err) {
    throw outboundStepError(err, { unsafeToRepeat });
  }
  const text = res.body.toString('utf8');
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { ...res, text, json };
}

/** A vendor base URL from the connection (tests point it at a local server), without trailing slash. */
export const vendorBase = (configured: unknown, fallback: string) =>
  (typeof configured === 'string' && configured ? configured : fallback).replace(/\/+$/, '');
