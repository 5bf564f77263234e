import { defineApp } from '../define';
import { outlookSendEmail } from './send-email';

// Outlook mail through a signed-in Microsoft 365 account (the `microsoft`
// connection of lib/integrations/oauth2/app.ts, which asks for Mail.Send).
export const outlookApp = defineApp({
  id: 'outlook',
  name: 'Microsoft 365 Outlook',
  icon: 'mail',
  steps: [outlookSendEmail],
});
