import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Logger } from 'pino'
import { maskDigits } from '../../log.js'
import type { SecurityEvent, SecuritySink } from './types.js'

/**
 * One JSON object a line. JSON.stringify escapes CR and LF inside values,
 * so a name with a line break stays inside its own line.
 */
export function jsonLinesFileSink(file: string): SecuritySink {
  let ready: Promise<unknown> | null = null

  return {
    async write(event) {
      ready ??= mkdir(dirname(file), { recursive: true, mode: 0o750 })
      await ready
      await appendFile(file, `${JSON.stringify(masked(event))}\n`, {
        mode: 0o640,
      })
    },
  }
}

/** The same events in the main log, under the `security` subsystem. */
export function logSink(log: Logger): SecuritySink {
  const security = log.child({ subsystem: 'security' })

  return {
    write(event) {
      const level =
        event.severity >= 8 ? 'error' : event.severity >= 5 ? 'warn' : 'info'
      security[level]({ event: masked(event) }, `security event ${event.type}`)
    },
  }
}

/**
 * The event as every sink writes it: anything in a detail that looks like
 * a phone number masked. Ids (`…Id`, `…id`) are generated, never typed by
 * a person, and a UUID can hold eight digits in a row, so they stay whole.
 */
export function masked(event: SecurityEvent): SecurityEvent {
  const details = Object.fromEntries(
    Object.entries(event.details).map(([k, v]) => [
      k,
      typeof v === 'string' && !/id$/i.test(k) ? maskDigits(v) : v,
    ]),
  )

  return { ...event, details }
}
