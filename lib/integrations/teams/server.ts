import { outboundPolicy } from '../../net/address-policy';
import { resolveAllowed } from '../../net/guarded-lookup';
import { defineAppServer, defineCheck } from '../define-server';
import { teamsApp, teamsConnection } from './app';
import { runTeamsPostMessage } from './post-message.run';

const TEAMS_HOSTS = /(\.logic\.azure\.com|\.powerplatform\.com|\.webhook\.office\.com|outlook\.office\.com)$/i;

export const teamsServer = defineAppServer(teamsApp, {
  runs: [runTeamsPostMessage],
  // Teams webhooks have no harmless call (any POST posts a card), so check
  // the URL's shape and that its host is an address we may call.
  check: defineCheck(teamsConnection, async (s) => {
    const url = new URL(s.webhookUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, message: 'The webhook URL must start with https://' };
    await resolveAllowed(url.hostname, Number(url.port) || 443, outboundPolicy());
    return {
      ok: true,
      message: TEAMS_HOSTS.test(url.hostname)
        ? 'The webhook URL looks right. Teams offers no way to test it without posting a card.'
        : 'The URL is reachable from here, but it is not a Teams Workflows (logic.azure.com / powerplatform.com) or webhook.office.com address; check it.',
    };
  }),
});
