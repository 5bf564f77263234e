import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';

// Telegram Bot API (core.telegram.org/bots/api#making-requests): POST
// https://api.telegram.org/bot<token>/<method> with JSON; answers {ok: true,
// result} or {ok: false, error_code, description, parameters?: {retry_after}}
// with the HTTP status equal to error_code; 429 "Too Many Requests: retry
// after N" carries parameters.retry_after (core.telegram.org/bots/api#responseparameters).
// The token sits in the URL path: messages here never include the URL.

export function telegramApi(s: { botToken: string; baseUrl?: string }, signal: AbortSignal) {
  const base = vendorBase(s.baseUrl, 'https://api.telegram.org');
  return async (method: string, body?: unknown): Promise<VendorResponse> => {
    const res = await callVendor({
      method: body === undefined ? 'GET' : 'POST',
      url: `${base}/bot${s.botToken}/${method}`,
      headers: { accept: 'application/json' },
      json: body,
      signal,
    });
    if (res.status === 200 && res.json?.ok === true) return res;
    throw telegramError(res);
  };
}

function telegramError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const code = typeof e.error_code === 'number' ? e.error_code : res.status;
  const detail = e.description ? `: ${String(e.description).slice(0, 300)}` : ` (HTTP ${res.status})`;
  const what =
    code === 401 || code === 404
      ? 'Telegram refused the bot token'
      : code === 403
        ? 'The bot may not write to this chat (not a member, or blocked by the user)'
        : code === 429
          ? 'Telegram is rate limiting this bot'
          : code >= 500
            ? 'Telegram had trouble'
            : 'Telegram refused the message';
  const err = statusStepError(code === 200 ? 500 : code, res.headers, `${what}${detail}`);
  const retryAfter = Number(e.parameters?.retry_after);
  if (code === 429 && err.retryAfterMs === undefined && Number.isFinite(retryAfter) && retryAfter > 0)
    return new StepError(err.message, true, retryAfter * 1000);
  return err;
}
