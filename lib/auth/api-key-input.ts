import { z } from 'zod';

// Input of "create API key", shared by the API route, the Settings form and the CLI.
export const createApiKeyInput = z.object({
  name: z
    .string({ message: 'Give the key a name' })
    .trim()
    .min(1, 'Give the key a name')
    .max(100, 'Use at most 100 characters'),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;
