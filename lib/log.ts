import pino from 'pino';
import { env } from './env';

// Structured JSON logs. Never log secrets or payload bodies: pass ids
// (eventId, runId, flowId) and let the database hold the data.
export const logger = pino({
  level: env().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ['*.password', '*.secret', '*.token', '*.authorization', '*.apiKey'], censor: '[redacted]' },
});
