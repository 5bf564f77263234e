import { randomBytes } from 'node:crypto';
import { env } from '../env';

/** 192 random bits, URL-safe. */
export const newWebhookToken = () => randomBytes(24).toString('base64url');

export const webhookUrl = (token: string) => `${env().APP_URL}/hooks/${token}`;
export const testWebhookUrl = (token: string) => `${webhookUrl(token)}/test`;
