import { loadConfig } from '../config.js'
import { runRetention } from '../privacy/retention.js'
import type { RetentionReport } from '../privacy/retention.js'
import { closeContext, openContext } from '../services/context.js'
import { EXIT, options, printJson } from './io.js'

/** `telekost retention [--dry-run] [--json]`: one run of the daily job. */
export async function retentionCommand(args: string[]): Promise<number> {
  const { values } = options(args, {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  })
  const context = await openContext(loadConfig())
  try {
    const report = await runRetention(context, {
      dryRun: values['dry-run'] ?? false,
    })
    if (values.json) printJson(report)
    else console.log(reportText(report))

    return EXIT.ok
  } finally {
    await closeContext(context)
  }
}

function reportText(report: RetentionReport): string {
  const c = report.counts
  const verb = report.dryRun ? 'Ville slettet' : 'Slettet'

  return [
    `${verb} (${report.at}):`,
    `  fakturaer        ${c.invoices} (filer ${c.files})`,
    `  innsynsfiler     ${c.exports}`,
    `  økter            ${c.sessions}`,
    `  henvendelser     ${c.requests}`,
    `  revisjonsrader   ${c.auditEntries}`,
    `  pseudonymisert   ${c.pseudonymised}`,
    `  fjernet personer ${c.peopleRemoved}`,
  ].join('\n')
}
