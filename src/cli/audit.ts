import { loadConfig } from '../config.js'
import { checkAuditChain } from '../privacy/audit-check.js'
import { describeBreak } from '../privacy/audit.js'
import type { ChainReport } from '../privacy/audit.js'
import { closeContext, openContext } from '../services/context.js'
import type { AppContext } from '../services/context.js'
import { CliError, EXIT, options, printJson } from './io.js'

/**
 * `telekost audit verify [--json]`: walks the audit chain and reports the
 * first broken link, with exit 1; a broken chain is a security event.
 */
export async function auditCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action !== 'verify') {
    throw new CliError('Bruk: telekost audit verify [--json]')
  }
  const { values } = options(rest, { json: { type: 'boolean' } })

  const context = await openContext(loadConfig())
  try {
    return await verifyCommand(context, values.json ?? false)
  } finally {
    await closeContext(context)
  }
}

export async function verifyCommand(
  context: AppContext,
  json: boolean,
): Promise<number> {
  const report = await checkAuditChain(context)
  if (json) printJson(report)
  else console.log(reportText(report))

  return report.ok ? EXIT.ok : EXIT.checkFailed
}

function reportText(report: ChainReport): string {
  if (report.broken) {
    return (
      `✗ Revisjonssporet er brutt etter ${report.checked} hele rader: ` +
      describeBreak(report.broken)
    )
  }

  return report.lastSeq === null
    ? '✓ Revisjonssporet er tomt.'
    : `✓ Revisjonssporet er helt: ${report.checked} rader, siste ${report.lastSeq}.`
}
