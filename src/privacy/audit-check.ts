import type { SecurityMonitor } from '../security/events/monitor.js'
import type { Db } from '../store/db.js'
import { describeBreak, verifyAuditChain } from './audit.js'
import type { ChainReport } from './audit.js'

/**
 * Verifies the chain and, when a link is broken, records it as a security
 * event of severity 9, which alerts.
 */
export async function checkAuditChain(context: {
  db: Db
  security: SecurityMonitor
}): Promise<ChainReport> {
  const report = await verifyAuditChain(context.db)
  if (report.broken) {
    await context.security.record({
      type: 'audit-chain-broken',
      severity: 9,
      details: {
        seq: report.broken.seq,
        kind: report.broken.kind,
        what: describeBreak(report.broken),
      },
    })
  }

  return report
}
