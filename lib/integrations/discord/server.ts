import { callVendor } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { discordApp, discordConnection } from './app';
import { runDiscordPostMessage } from './post-message.run';

export const discordServer = defineAppServer(discordApp, {
  runs: [runDiscordPostMessage],
  // GET on the webhook URL reads the webhook without posting
  // (discord.com/developers/docs/resources/webhook#get-webhook-with-token).
  check: defineCheck(discordConnection, async (s, { signal }) => {
    const res = await callVendor({ method: 'GET', url: s.webhookUrl, headers: { accept: 'application/json' }, signal });
    if (res.status === 200 && res.json?.id)
      return { ok: true, message: `The Discord webhook "${res.json.name ?? res.json.id}" is ready to post.` };
    return {
      ok: false,
      message: `Discord answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}`,
    };
  }),
});
