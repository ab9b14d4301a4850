import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import { createLogger } from '../log.js'
import { SecurityMonitor } from '../security/events/monitor.js'
import { jsonLinesFileSink, logSink } from '../security/events/sinks.js'
import { migrateToLatest, openSqlite } from '../store/db.js'
import type { Db } from '../store/db.js'
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
}

export async function openContext(
  config: Config,
  log?: Logger,
): Promise<AppContext> {
  const logger = log ?? createLogger(config.logLevel)
  const db = openSqlite(join(config.dataDir, 'telekost.sqlite'))
  await migrateToLatest(db)

  const master = loadMasterKey(config)
  if (master.generated) {
    logger.warn(
      { dataDir: config.dataDir },
      'generated a master key in the data folder; set TELEKOST_MASTER_KEY in production',
    )
  }
  const vault = new Vault(db, join(config.dataDir, 'files'), master.key)

  const security = new SecurityMonitor(
    [jsonLinesFileSink(config.securityLogFile), logSink(logger)],
    logger,
  )

  return { config, db, vault, log: logger, security }
}

export async function closeContext(context: AppContext): Promise<void> {
  await context.db.destroy()
}
