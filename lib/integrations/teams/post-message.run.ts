import { callVendor, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { teamsConnection } from './app';
import { teamsPostMessage } from './post-message';

// Teams webhooks take a message with an Adaptive Card attachment
// (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook):
//   {type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive",
//    contentUrl: null, content: {$schema, type: "AdaptiveCard", version, body: [TextBlock…]}}]}
// Both the Workflows ("Post to a channel when a webhook request is received",
// answers 202 Accepted; errors {error: {code, message}}, 429 with Retry-After)
// and the retired Office 365 connector URLs (answer 200 "1") accept it. The
// old connectors report some failures inside a 200, as text such as
// "Microsoft Teams endpoint returned HTTP error 429"
// (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors),
// so a 200 whose text is not "1" is read too.
//
// Teams webhooks take no idempotency key; only answers that say nothing was
// posted are retried (429, 5xx, no connection).

export const runTeamsPostMessage = defineRun(teamsPostMessage, async (config, ctx) => {
  const { webhookUrl } = await connectionSettings(ctx, teamsConnection, config.connection);
  const title = config.title?.trim();
  const body = [
    ...(title ? [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true }] : []),
    { type: 'TextBlock', text: config.text, wrap: true },
  ];
  const res = await callVendor({
    method: 'POST',
    url: webhookUrl,
    headers: {},
    json: {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body,
          },
        },
      ],
    },
    signal: ctx.signal,
  });
  if (res.status === 202 || (res.status >= 200 && res.status < 300 && !connectorFailure(res))) return { ok: true };
  throw teamsError(res);
});

/** An old connector's "200 but failed": any text other than "1" that names an HTTP error. */
const connectorFailure = (res: VendorResponse) =>
  res.status === 200 && res.text.trim() !== '1' && /HTTP error (\d{3})|failed/i.test(res.text);

function teamsError(res: VendorResponse): StepError {
  const inner = /HTTP error (\d{3})/i.exec(res.text)?.[1];
  const status = res.status === 200 && inner ? Number(inner) : res.status === 200 ? 500 : res.status;
  const e = res.json?.error;
  const detail = e?.message
    ? `: ${String(e.message).slice(0, 400)}${e.code ? ` (${e.code})` : ''}`
    : res.text.trim()
      ? `: ${res.text.trim().slice(0, 300)}`
      : ` (HTTP ${res.status})`;
  const what =
    status === 401 || status === 403 || status === 404
      ? 'Teams refused the webhook URL (removed, or its workflow is off): create it again'
      : status === 429
        ? 'Teams is rate limiting this webhook'
        : status >= 500
          ? 'Teams had trouble'
          : 'Teams refused the message';
  return statusStepError(status, res.headers, `${what}${detail}`);
}
