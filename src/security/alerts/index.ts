import type { Logger } from 'pino'
import type { Config } from '../../config.js'
import type { AlertTransport } from './alert.js'
import { alertSink } from './dispatcher.js'
import type { AlertSink } from './dispatcher.js'
import { logTransport, smtpTransport, webhookTransport } from './transports.js'

export type { Alert, AlertTransport } from './alert.js'
export { ALERT_SEVERITY, alertSink } from './dispatcher.js'
export type { AlertOptions, AlertSink } from './dispatcher.js'
export { logTransport, smtpTransport, webhookTransport } from './transports.js'

/** The path of the administrators' events page, which alerts link to. */
export const EVENTS_PAGE = '/admin/security-events'

type AlertConfig = Pick<
  Config,
  | 'origin'
  | 'smtpUrl'
  | 'alertFrom'
  | 'alertRecipients'
  | 'alertWebhookUrl'
  | 'alertWindowMs'
>

/** Every alert goes to the log; e-mail and webhook when configured. */
export function alertTransports(
  config: AlertConfig,
  log: Logger,
): AlertTransport[] {
  const transports = [logTransport(log)]
  if (config.smtpUrl && config.alertRecipients.length > 0) {
    transports.push(
      smtpTransport({
        url: config.smtpUrl,
        from: config.alertFrom,
        recipients: config.alertRecipients,
      }),
    )
  }
  if (config.alertWebhookUrl) {
    transports.push(webhookTransport(config.alertWebhookUrl))
  }

  return transports
}

export function alertSinkFromConfig(
  config: AlertConfig,
  log: Logger,
): AlertSink {
  return alertSink({
    transports: alertTransports(config, log),
    windowMs: config.alertWindowMs,
    eventsUrl: new URL(EVENTS_PAGE, config.origin).toString(),
    log,
  })
}
