import { outboundRequest, type OutboundResponse } from '../net/outbound-request';
import { outboundStepError } from './outbound-step-error';

// A JSON/form call to a vendor API through the guarded client. Vendor APIs do
// not redirect, so a redirect is answered as is rather than followed.

export type VendorResponse = OutboundResponse & { text: string; json: any };

export async function callVendor(req: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}): Promise<VendorResponse> {
  let res: OutboundResponse;
  try {
    res = await outboundRequest({
      ...req,
      headers: { 'user-agent': 'Switchboard', ...req.headers },
      followRedirects: false,
    });
  } catch (err) {
    throw outboundStepError(err);
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
