import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type {
  EventDetails,
  SecurityEvent,
  SecurityEventInput,
  SecuritySink,
} from './types.js'

const FORBIDDEN_DETAIL = /pass(word)?|token|secret|phone|msisdn|cookie|otp/i

/**
 * Records security events to every sink. Recording never throws into the
 * request that reports the event: a failing sink is logged and skipped.
 */
export class SecurityMonitor {
  readonly #sinks: SecuritySink[]
  readonly #log: Logger

  constructor(sinks: SecuritySink[], log: Logger) {
    this.#sinks = sinks
    this.#log = log
  }

  addSink(sink: SecuritySink): void {
    this.#sinks.push(sink)
  }

  async record(input: SecurityEventInput): Promise<SecurityEvent> {
    const event: SecurityEvent = {
      id: randomUUID(),
      type: input.type,
      severity: input.severity,
      at: new Date().toISOString(),
      ip: input.ip ?? null,
      userId: input.userId ?? null,
      details: cleanDetails(input.details ?? {}),
    }
    await Promise.all(this.#sinks.map((sink) => this.#write(sink, event)))

    return event
  }

  async #write(sink: SecuritySink, event: SecurityEvent): Promise<void> {
    try {
      await sink.write(event)
    } catch (err) {
      this.#log.error({ err, eventType: event.type }, 'security sink failed')
    }
  }
}

/** Drops details whose key names a secret or a phone number. */
function cleanDetails(details: EventDetails): EventDetails {
  const clean: EventDetails = {}
  for (const [key, value] of Object.entries(details)) {
    clean[key] = FORBIDDEN_DETAIL.test(key) ? '[redacted]' : value
  }

  return clean
}
