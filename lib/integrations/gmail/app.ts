import { defineApp } from '../define';
import { gmailSendEmail } from './send-email';

// Gmail through a signed-in Google account (the `google` connection of
// lib/integrations/oauth2/app.ts, which asks for the gmail.send scope).
export const gmailApp = defineApp({
  id: 'gmail',
  name: 'Gmail',
  icon: 'mail',
  steps: [gmailSendEmail],
});
