import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { bootstrapAdministrator } from '../security/accounts.js'
import {
  defaultProbes,
  failedItems,
  formatChecklist,
  securityChecklist,
} from '../security/doctor.js'
import type { ChecklistItem } from '../security/doctor.js'
import { closeContext, openContext } from '../services/context.js'
import type { AppContext } from '../services/context.js'
import { startIncidentDeadlineWatch } from '../privacy/incidents-job.js'
import { startRetentionSchedule } from '../privacy/retention.js'
import { buildApp } from './app.js'
import { startMetricsServer } from './metrics.js'
import type { MetricsServer } from './metrics.js'

export interface RunningServer {
  app: FastifyInstance
  context: AppContext
  /** The address it listens on, `http://127.0.0.1:3000`. */
  address: string
  close(): Promise<void>
}

/** Production was asked for, and some measures are missing. */
export class ProductionGuardError extends Error {
  constructor(readonly missing: ChecklistItem[]) {
    super(
      `Telekost starter ikke i produksjon: ${missing.length} ` +
        `sikkerhetstiltak mangler.\n${formatChecklist(missing)}`,
    )
  }
}

/**
 * In production, refuses to start until every measure of the security
 * checklist holds; then opens the context, creates the first administrator on an empty
 * database, listens, and shuts down cleanly on SIGTERM or SIGINT.
 */
export async function startServer(
  config: Config,
  options: { handleSignals?: boolean } = {},
): Promise<RunningServer> {
  if (config.production) await refuseUnsafeProduction(config)
  const context = await openContext(config)
  await firstAdministrator(context)
  const app = await buildApp(context)
  const address = await app.listen({ host: config.host, port: config.port })
  const stopIncidentWatch = startIncidentDeadlineWatch(context)
  const stopRetention = startRetentionSchedule(context)
  context.jobs.start()
  const metrics = await metricsServer(app, context)
  let closing: Promise<void> | null = null
  const close = () => {
    stopIncidentWatch()
    stopRetention()
    // Requests in flight finish first; then running jobs drain.
    closing ??= app
      .close()
      .then(() => metrics?.close())
      .then(() => closeContext(context))
    return closing
  }
  if (options.handleSignals ?? true) stopOnSignals(context, close)

  return { app, context, address, close }
}

/** Prometheus metrics on their own port, when TELEKOST_METRICS_PORT is set. */
async function metricsServer(
  app: FastifyInstance,
  context: AppContext,
): Promise<MetricsServer | null> {
  const { metricsPort, metricsHost } = context.config
  if (metricsPort === null) return null

  const server = await startMetricsServer(app, context, {
    host: metricsHost,
    port: metricsPort,
  })
  context.log.info({ address: server.address }, 'metrics listening')

  return server
}

async function refuseUnsafeProduction(config: Config): Promise<void> {
  const missing = failedItems(await securityChecklist(config, defaultProbes()))
  if (missing.length > 0) throw new ProductionGuardError(missing)
}

async function firstAdministrator(context: AppContext): Promise<void> {
  const { config, db, log } = context
  const made = await bootstrapAdministrator(db, config.adminPassword)
  if (!made.created) return

  log.warn({ username: 'admin' }, 'created the first administrator')
  if (made.generatedPassword) {
    // Shown once, on the console only, never in the log stream.
    process.stdout.write(
      '\nFørste administrator er opprettet.\n' +
        `  brukernavn: admin\n  passord:    ${made.generatedPassword}\n` +
        'Passordet vises bare nå og må byttes ved første innlogging.\n\n',
    )
  }
}

function stopOnSignals(context: AppContext, close: () => Promise<void>) {
  const stop = (signal: NodeJS.Signals) => {
    context.log.warn({ signal }, 'shutting down')
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        context.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}
