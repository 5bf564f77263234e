import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const teamsPostMessageConfig = z.object({
  connection: connectionRef(),
  title: optionalTpl().meta({ label: 'Title', hint: 'Optional: shown in bold above the message' }),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
});

export type TeamsPostMessageConfig = z.infer<typeof teamsPostMessageConfig>;

export const teamsPostMessage = defineStep({
  type: 'teams.postMessage',
  label: 'Microsoft Teams: post message',
  description: 'Posts a card to a Teams channel through a Workflows (or incoming) webhook.',
  category: 'message',
  schema: teamsPostMessageConfig,
  connection: 'teams',
  idBase: 'teams',
});
