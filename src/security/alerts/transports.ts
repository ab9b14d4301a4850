import type { Transporter } from 'nodemailer'
import type { Logger } from 'pino'
import type { AlertTransport } from './alert.js'
import { alertSubject, alertText } from './alert.js'

export interface SmtpOptions {
  url: string
  from: string
  recipients: string[]
}

/**
 * E-mail over SMTP. nodemailer is loaded on the first alert, so a setup
 * without SMTP never needs it.
 */
export function smtpTransport(options: SmtpOptions): AlertTransport {
  let mailer: Promise<Transporter> | null = null

  return {
    name: 'smtp',
    async send(alert) {
      mailer ??= import('nodemailer').then((m) =>
        m.default.createTransport(options.url),
      )
      await (
        await mailer
      ).sendMail({
        from: options.from,
        to: options.recipients,
        subject: alertSubject(alert),
        text: alertText(alert),
      })
    },
    close() {
      void mailer?.then((m) => m.close())
    },
  }
}

const WEBHOOK_TIMEOUT_MS = 5_000

/** A JSON post to a chat or incident system; it must answer in seconds. */
export function webhookTransport(
  url: string,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): AlertTransport {
  return {
    name: 'webhook',
    async send(alert) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...alert, text: alertSubject(alert) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      })
      await response.body?.cancel()
      if (!response.ok) {
        throw new Error(`webhook answered ${response.status}`)
      }
    },
  }
}

/** The embedded default: the alert goes to the main log and nowhere else. */
export function logTransport(log: Logger): AlertTransport {
  const alerts = log.child({ subsystem: 'alerts' })

  return {
    name: 'log',
    async send(alert) {
      alerts.error({ alert }, alertSubject(alert))
    },
  }
}
