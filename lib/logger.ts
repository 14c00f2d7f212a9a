import pino from 'pino'
import { env } from '@/lib/env'

// JSON lines on stdout; child loggers carry requestId, userId and incidentId.
export const logger = pino({
  level: env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { app: 'incident-command' },
  redact: ['password', '*.password', 'passwordHash', '*.passwordHash', 'secret', '*.secret'],
})

export type Logger = typeof logger
