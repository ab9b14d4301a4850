import { loadConfig } from '../config.js'
import { formatOre } from '../domain/money.js'
import { costCentreTotals } from '../store/allocations.js'
import { closeContext, openContext } from '../services/context.js'
import { processUpload } from '../services/invoices.js'
import { CliError, EXIT, options, readInput } from './io.js'

/** `telekost process FILE`: store, check and allocate one invoice. */
export async function processCommand(args: string[]): Promise<number> {
  const { positionals } = options(args, {})
  const input = await readInput(positionals[0], 'fakturafil')
  const context = await openContext(loadConfig())
  try {
    const outcome = await processUpload(context, { ...input, userId: null })
    if (!outcome.ok) {
      const reasons = outcome.problems.map((p) => p.message).join('\n')
      throw new CliError(`Fakturaen ble ikke lagret:\n${reasons}`)
    }

    console.log(`Lagret som ${outcome.invoiceId} (${outcome.status}).`)
    for (const t of await costCentreTotals(context.db, outcome.invoiceId)) {
      console.log(
        `${t.costCentre.padEnd(12)} ${formatOre(t.exVatOre, ' ').padStart(14)}`,
      )
    }
    for (const c of outcome.checks.filter((c) => !c.ok)) {
      console.log(`KONTROLL FEILER: ${c.message}`)
    }

    return outcome.status === 'ready' ? EXIT.ok : EXIT.checkFailed
  } finally {
    await closeContext(context)
  }
}
