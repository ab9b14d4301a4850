import type { Logger } from 'pino'
import type { SecurityEvent, SecuritySink } from '../events/types.js'
import type { Alert, AlertTransport } from './alert.js'

export interface AlertOptions {
  transports: AlertTransport[]
  /** How long further events of one type and severity are summed up. */
  windowMs: number
  /** The link in every alert, to the administrators' events page. */
  eventsUrl: string
  log: Logger
  minSeverity?: number
  /** How long closing waits for alerts still on their way. */
  closeTimeoutMs?: number
}

/** A sink that alerts; `settled` and `close` are for shutdown and tests. */
export interface AlertSink extends SecuritySink {
  /** Resolves when every alert sent so far has been delivered or failed. */
  settled(): Promise<void>
  /**
   * Sends the summaries of open windows now, stops the timers, and waits
   * a little for what is on its way; a stuck receiver cannot hold it.
   */
  close(): Promise<void>
}

interface Window {
  event: SecurityEvent
  count: number
  lastAt: string
  timer: NodeJS.Timeout
}

export const ALERT_SEVERITY = 8
const CLOSE_TIMEOUT_MS = 5_000

/**
 * Alerts on severe events, de-duplicated per type and severity: the first
 * event goes out at once, the ones after it within the window are counted
 * and go out as one summary when the window closes. Writing never waits
 * for a transport, so an alert can neither slow nor fail a request.
 */
export function alertSink(options: AlertOptions): AlertSink {
  const minSeverity = options.minSeverity ?? ALERT_SEVERITY
  const windows = new Map<string, Window>()
  const pending = new Set<Promise<void>>()

  function dispatch(alert: Alert): void {
    for (const transport of options.transports) {
      const sending = transport
        .send(alert)
        .catch((err: unknown) =>
          options.log.error(
            { err, transport: transport.name, eventType: alert.type },
            'security alert could not be sent',
          ),
        )
        .finally(() => pending.delete(sending))
      pending.add(sending)
    }
  }

  function closeWindow(key: string): void {
    const window = windows.get(key)
    if (!window) return
    clearTimeout(window.timer)
    windows.delete(key)
    if (window.count > 0) {
      dispatch(alertOf(window.event, options.eventsUrl, 'summary', window))
    }
  }

  return {
    write(event) {
      if (event.severity < minSeverity) return

      const key = `${event.type}:${event.severity}`
      const open = windows.get(key)
      if (open) {
        open.count++
        open.lastAt = event.at
        return
      }
      const timer = setTimeout(() => closeWindow(key), options.windowMs)
      timer.unref()
      windows.set(key, { event, count: 0, lastAt: event.at, timer })
      dispatch(alertOf(event, options.eventsUrl, 'first'))
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending)
    },
    async close() {
      for (const key of [...windows.keys()]) closeWindow(key)
      await Promise.race([
        this.settled(),
        delay(options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS),
      ])
      for (const transport of options.transports) transport.close?.()
    },
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

function alertOf(
  event: SecurityEvent,
  eventsUrl: string,
  kind: Alert['kind'],
  window?: Window,
): Alert {
  const link = `${eventsUrl}?type=${encodeURIComponent(event.type)}`

  return {
    kind,
    type: event.type,
    severity: event.severity,
    firstAt: event.at,
    lastAt: window?.lastAt ?? event.at,
    count: window?.count ?? 1,
    link,
  }
}
