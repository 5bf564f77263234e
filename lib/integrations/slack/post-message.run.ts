import { callVendor } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { slackPostMessage } from './post-message';
import { connectionSettings, defineRun } from '../define-server';
import { slackConnection } from './app';

// Slack incoming webhooks: POST {"text"} as JSON; Slack answers 200 "ok" or a
// 4xx with a short code as plain text (api.slack.com/messaging/webhooks#handling_errors).

const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'Slack could not read the message (invalid_payload)',
  no_text: 'The message is empty (no_text)',
  user_not_found: 'Slack could not find the user (user_not_found)',
  channel_not_found: 'The webhook’s channel no longer exists (channel_not_found)',
  channel_is_archived: 'The webhook’s channel is archived (channel_is_archived)',
  action_prohibited: 'A Slack admin has blocked posting to this channel (action_prohibited)',
  posting_to_general_channel_denied: 'Only admins may post to this channel (posting_to_general_channel_denied)',
  too_many_attachments: 'Too many attachments (too_many_attachments)',
  no_service: 'This Slack webhook was removed or disabled: create a new one (no_service)',
  no_service_id: 'The webhook URL is incomplete (no_service_id)',
  no_team: 'The webhook URL names no Slack workspace (no_team)',
  team_disabled: 'The Slack workspace is disabled (team_disabled)',
  invalid_token: 'The webhook URL is no longer valid: create a new one (invalid_token)',
};

export const runSlackPostMessage = defineRun(slackPostMessage, async (config, ctx) => {
  const { webhookUrl: url } = await connectionSettings(ctx, slackConnection, config.connection);
  if (!url) throw new StepError('The Slack connection has no webhook URL', false);

  const res = await callVendor({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ text: config.text }),
    signal: ctx.signal,
  });
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const code = res.text.trim().slice(0, 100);
  const known = SLACK_ERRORS[code];
  if (res.status === 429)
    throw statusStepError(429, res.headers, 'Slack is rate limiting this webhook (too many messages)');
  throw statusStepError(res.status, res.headers, known ?? `Slack answered ${res.status}${code ? `: ${code}` : ''}`);
});
