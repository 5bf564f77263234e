import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { brevoAddContact } from './add-contact';

export const brevoConnection = defineConnection({
  type: 'brevo',
  label: 'Brevo',
  schema: z.object({
    apiKey: z
      .string({ message: 'API key is required' })
      .trim()
      .min(1, 'API key is required')
      .meta({ label: 'API key', hint: 'Brevo → SMTP & API → API keys; starts with xkeysib-', secret: true }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['apiKey'],
  summary: (k) => (k.baseUrl ? `API key · ${k.baseUrl}` : 'API key'),
});

export const brevoApp = defineApp({
  id: 'brevo',
  name: 'Brevo',
  // A "b" as in Brevo's mark.
  icon: 'M7 3v18M7 9h5a4 4 0 0 1 0 8H7',
  connection: brevoConnection,
  steps: [brevoAddContact],
});
