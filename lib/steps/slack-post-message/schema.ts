import { z } from 'zod';
import { connectionRef, tpl } from '../template-string';
import type { StepDefinition } from '../types';

export const slackPostMessageConfig = z.object({
  connection: connectionRef(),
  text: tpl('Message'),
});

export type SlackPostMessageConfig = z.infer<typeof slackPostMessageConfig>;

export const slackPostMessage: StepDefinition<typeof slackPostMessageConfig> = {
  type: 'slack.postMessage',
  label: 'Slack: post message',
  description: 'Posts a message to a Slack channel through an incoming webhook.',
  icon: 'slack',
  category: 'message',
  configSchema: slackPostMessageConfig,
  connectionType: 'slack',
  sideEffect: true,
};
