import { join } from 'node:path'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import { createLogger } from '../log.js'
import { createJobQueue } from '../jobs/index.js'
import type { JobQueue } from '../jobs/queue.js'
import { SecurityMonitor } from '../security/events/monitor.js'
import { jsonLinesFileSink, logSink } from '../security/events/sinks.js'
import { alertSinkFromConfig } from '../security/alerts/index.js'
import type { AlertSink } from '../security/alerts/index.js'
import { memoryCounterStore } from '../security/limits/counter-store.js'
import type { CounterStore } from '../security/limits/counter-store.js'
import { redisCounterStore } from '../security/limits/redis-counter-store.js'
import {
  connectRedis,
  failClosedCounters,
  redisSessionStore,
} from '../security/redis-session-store.js'
import { databaseSessionStore } from '../security/sessions.js'
import type { SessionStore } from '../security/sessions.js'
import { deriveKey } from '../store/crypto.js'
import { migrateToLatest, openDatabase } from '../store/db.js'
import type { Db } from '../store/db.js'
import { databaseSink } from '../store/security-events.js'
import { loadMasterKey, Vault } from '../store/vault.js'

/**
 * What every service needs: settings, the database, the vault, a logger
 * and the security monitor.
 */
export interface AppContext {
  config: Config
  db: Db
  vault: Vault
  log: Logger
  security: SecurityMonitor
  /** Redis when config.redisUrl is set, else null. */
  redis: Redis | null
  /** Counters for rate limits and sign-in throttling. */
  counters: CounterStore
  /** Sessions: in Redis when configured, else in the database. */
  sessions: SessionStore
  /** Seals TOTP secrets; derived from the master key. */
  totpKey: Buffer
  /** Wraps each person's audit key; derived from the master key. */
  subjectKeyWrap: Buffer
  /** Alerts on severe security events; closed with the context. */
  alerts?: AlertSink
  /** Work claimed through the database; drained when the context closes. */
  jobs: JobQueue
}

export async function openContext(
  config: Config,
  log?: Logger,
): Promise<AppContext> {
  const logger = log ?? createLogger(config.logLevel)
  const db = await openDatabase(config)
  await migrateToLatest(
    db,
    config.databaseUrl ? config.databaseSchema : undefined,
  )

  const master = loadMasterKey(config)
  if (master.generated) {
    logger.warn(
      { dataDir: config.dataDir },
      'generated a master key in the data folder; set TELEKOST_MASTER_KEY in production',
    )
  }
  const vault = new Vault(
    db,
    join(config.dataDir, 'files'),
    master.key,
    master.previous,
  )

  const alerts = alertSinkFromConfig(config, logger)
  const security = new SecurityMonitor(
    [
      jsonLinesFileSink(config.securityLogFile),
      logSink(logger),
      databaseSink(db),
      alerts,
    ],
    logger,
  )

  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null
  const secretsRoot = await vault.rootKey('secrets')

  const context: AppContext = {
    config,
    db,
    vault,
    log: logger,
    security,
    redis,
    counters: redis
      ? failClosedCounters(redisCounterStore(redis))
      : memoryCounterStore(),
    sessions: redis
      ? redisSessionStore(redis, config.sessionIdleMinutes * 60_000)
      : databaseSessionStore(db),
    totpKey: deriveKey(secretsRoot, 'telekost-totp-secret'),
    subjectKeyWrap: deriveKey(secretsRoot, 'telekost-subject-key-wrap'),
    alerts,
    jobs: undefined as unknown as JobQueue,
  }
  context.jobs = createJobQueue(context)

  return context
}

export async function closeContext(context: AppContext): Promise<void> {
  await context.jobs?.stop()
  await context.alerts?.close()
  context.redis?.disconnect()
  await context.db.destroy()
}
