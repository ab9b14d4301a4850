import pino from 'pino'
import type { DestinationStream, Logger } from 'pino'

/**
 * One logger for the process; subsystems take a named child. Personal data
 * and secrets are redacted by path, and phone numbers anywhere in a
 * message are masked by the serializer, so a log line never carries them.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'phone',
  '*.phone',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'user.name',
  'name',
]

/** Logs to stdout, or to `destination` (a test captures lines there). */
export function createLogger(
  level = 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) =>
          typeof a === 'string' ? maskDigits(a) : a,
        )
        method.apply(this, masked as Parameters<typeof method>)
      },
    },
  }

  return destination ? pino(options, destination) : pino(options)
}

// Standing alone: digits inside a UUID or a hex id are not a number.
const PHONE_LIKE = /(?<![\w-])\+?\d[\d \u00a0]{6,}\d(?![\w-])/g

/** Replaces anything that looks like a phone number in free text. */
export function maskDigits(text: string): string {
  return text.replace(
    PHONE_LIKE,
    (m) => `${'*'.repeat(Math.max(0, m.length - 2))}${m.slice(-2)}`,
  )
}
