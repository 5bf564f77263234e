import { outboundPolicy } from '../../net/address-policy';
import { resolveAllowed } from '../../net/guarded-lookup';
import { defineAppServer, defineCheck } from '../define-server';
import { slackApp, slackConnection } from './app';
import { runSlackPostMessage } from './post-message.run';

export const slackServer = defineAppServer(slackApp, {
  runs: [runSlackPostMessage],
  // Incoming webhooks have no harmless call (any POST posts a message), so
  // check the URL's shape and that its host is an address we may call.
  check: defineCheck(slackConnection, async (s) => {
    const url = new URL(s.webhookUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, message: 'The webhook URL must start with https://' };
    await resolveAllowed(url.hostname, Number(url.port) || 443, outboundPolicy());
    const slackShaped = url.hostname === 'hooks.slack.com' && url.pathname.startsWith('/services/');
    return {
      ok: true,
      message: slackShaped
        ? 'The webhook URL looks right. Slack offers no way to test it without posting a message.'
        : 'The URL is reachable from here, but it is not a hooks.slack.com/services/... address; check it is a Slack incoming webhook.',
    };
  }),
});
