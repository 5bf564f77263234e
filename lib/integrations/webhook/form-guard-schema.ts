import { z } from 'zod';

// Browser-safe: the trigger's guards for public forms (lib/ingest/form-guard.ts).

export const CAPTCHA_PROVIDERS = ['turnstile', 'hcaptcha', 'recaptcha'] as const;
export type CaptchaProvider = (typeof CAPTCHA_PROVIDERS)[number];

/** The form field each provider's widget posts its token in. */
export const CAPTCHA_TOKEN_FIELD: Record<CaptchaProvider, string> = {
  turnstile: 'cf-turnstile-response',
  hcaptcha: 'h-captcha-response',
  recaptcha: 'g-recaptcha-response',
};

export const captchaSchema = z.object({
  provider: z.enum(CAPTCHA_PROVIDERS, { message: 'Choose Turnstile, hCaptcha or reCAPTCHA' }),
  secret: z.string().trim().min(1, 'Secret key is required'),
  /** reCAPTCHA v3 only: the lowest score (0–1) taken for a person. */
  minScore: z.number().min(0).max(1).optional().meta({ label: 'Lowest score to accept (reCAPTCHA v3, 0–1)' }),
});

export type CaptchaConfig = z.infer<typeof captchaSchema>;

/** A hidden form field's name; a post with it filled in is a bot's. */
export const honeypotSchema = z
  .string()
  .trim()
  .min(1, 'Name the hidden field')
  .max(100)
  .regex(/^[^\s.]+$/, 'a field name without spaces or dots');
