import type { AppContext } from '../services/context.js'
import { JobQueue } from './queue.js'
import { READ_INVOICE, readInvoiceHandler } from './read-invoice.js'

/**
 * The queue every instance runs, with the settings' lease, attempts and
 * drain time. The web server starts its poller; a CLI command or a test
 * that only opens a context runs jobs it claims itself.
 */
export function createJobQueue(context: AppContext): JobQueue {
  const { config } = context

  return new JobQueue({
    db: context.db,
    log: context.log.child({ subsystem: 'jobs' }),
    handlers: { [READ_INVOICE]: readInvoiceHandler(context) },
    postgres: config.databaseUrl !== null,
    leaseMs: config.jobLeaseMs,
    pollMs: config.jobPollMs,
    maxAttempts: config.jobMaxAttempts,
    concurrency: config.jobConcurrency,
    drainMs: config.shutdownDrainMs,
  })
}
