import type { SecurityEventType, Severity } from '../events/types.js'

/**
 * What an alert says: the kind of event, how bad, when, how many, and
 * where to look. Never who or what number: the page behind the link
 * shows that to those who may see it.
 */
export interface Alert {
  kind: 'first' | 'summary'
  type: SecurityEventType
  severity: Severity
  /** The first and last event the alert covers, ISO 8601. */
  firstAt: string
  lastAt: string
  count: number
  link: string
}

/** One way an alert leaves the building: e-mail, a webhook, the log. */
export interface AlertTransport {
  name: string
  send(alert: Alert): Promise<void>
  close?(): void
}

export function alertSubject(alert: Alert): string {
  const what = `${alert.type}, alvorlighet ${alert.severity}`

  return alert.kind === 'first'
    ? `[Telekost] Sikkerhetsvarsel: ${what}`
    : `[Telekost] Sikkerhetsvarsel: ${alert.count} til av ${what}`
}

export function alertText(alert: Alert): string {
  const lines =
    alert.kind === 'first'
      ? [
          `Telekost registrerte en sikkerhetshendelse: ${alert.type}.`,
          `Alvorlighet: ${alert.severity} av 10.`,
          `Tidspunkt: ${alert.firstAt}.`,
          'Flere av samme slag de neste minuttene samles i ett varsel.',
        ]
      : [
          `Telekost registrerte ${alert.count} hendelser til av typen ` +
            `${alert.type}.`,
          `Alvorlighet: ${alert.severity} av 10.`,
          `Fra ${alert.firstAt} til ${alert.lastAt}.`,
        ]

  return [...lines, '', `Se hendelsene: ${alert.link}`, ''].join('\n')
}
