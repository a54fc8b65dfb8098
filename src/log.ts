// Structured JSON logs (pino) with secrets, key material, passwords and cookies redacted by path.
import type { LoggerOptions } from 'pino';

export const REDACT_PATHS = [
  'req.headers["x-api-key"]', 'req.headers.cookie', 'req.headers.authorization',
  'res.headers["set-cookie"]', '*.password', '*.currentPassword', '*.secret', '*.hash', '*.token',
  'headers["x-api-key"]', 'headers.cookie', 'headers.authorization',
];

export function loggerOptions(level: string, destination?: NodeJS.WritableStream): LoggerOptions & { stream?: NodeJS.WritableStream } {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(destination && { stream: destination }),
  };
}
