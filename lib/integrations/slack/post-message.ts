import { z } from 'zod';
import { connectionRef, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const slackPostMessageConfig = z.object({
  connection: connectionRef(),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
});

export type SlackPostMessageConfig = z.infer<typeof slackPostMessageConfig>;

export const slackPostMessage = defineStep({
  type: 'slack.postMessage',
  label: 'Slack: post message',
  description: 'Posts a message to a Slack channel through an incoming webhook.',
  category: 'message',
  schema: slackPostMessageConfig,
  connection: 'slack',
  idBase: 'slack',
});
