import { allChecksHold, runChecks } from '../domain/checks.js'
import type { Check } from '../domain/checks.js'
import type { InvoiceDraft } from '../domain/invoice.js'
import { formatOre } from '../domain/money.js'
import { readInvoiceFile } from '../ingest/read-invoice.js'
import { CliError, EXIT, options, printJson, readInput } from './io.js'

/** `telekost parse FILE [--json]`: the reading of an invoice, not stored. */
export async function parseCommand(args: string[]): Promise<number> {
  const { values, positionals } = options(args, { json: { type: 'boolean' } })
  const draft = await readDraft(positionals[0])
  const checks = runChecks(draft)

  if (values.json) printJson(readingAsJson(draft, checks))
  else printSummary(draft, checks)

  return allChecksHold(checks) ? EXIT.ok : EXIT.checkFailed
}

/** Reads an invoice file through the sandbox, or exits 2 saying why. */
export async function readDraft(
  path: string | undefined,
): Promise<InvoiceDraft> {
  const input = await readInput(path, 'fakturafil')
  const read = await readInvoiceFile({ ...input, options: {} })
  if (!read.ok) {
    const reasons = read.problems.map((p) => p.message).join('\n')
    throw new CliError(
      `Kan ikke lese ${input.filename}:\n${reasons}`,
      EXIT.unreadable,
    )
  }

  return read.draft
}

export function readingAsJson(draft: InvoiceDraft, checks: Check[]) {
  const h = draft.header

  return {
    invoice: {
      supplier: h.supplier,
      supplierOrgNo: h.supplierOrgNo,
      number: h.number,
      customerNumber: h.customerNumber,
      kid: h.kid,
      issueDate: h.issueDate,
      dueDate: h.dueDate,
      currency: h.currency,
      account: h.account,
      vatBaseOre: h.vatBaseOre,
      vatFreeOre: h.vatFreeOre,
      vatOre: h.vatOre,
      payableOre: h.payableOre,
      vatRoundingOre: h.vatRoundingOre,
      pages: h.pages,
      format: draft.format,
    },
    subscriptions: draft.subscriptions.map((s) => ({
      phone: s.phone,
      user: s.user,
      vatBaseOre: s.vatBaseOre,
      vatFreeOre: s.vatFreeOre,
      vatOre: s.vatOre,
      totalOre: s.totalOre,
      lines: s.lines,
    })),
    unassignedLines: draft.unassignedLines,
    checks: checks.map((c) => ({ code: c.code, ok: c.ok, message: c.message })),
  }
}

function printSummary(draft: InvoiceDraft, checks: Check[]): void {
  const h = draft.header
  console.log(
    `${h.supplier} faktura ${h.number}, ${h.issueDate ?? 'uten dato'}`,
  )
  console.log(`Å betale: ${formatOre(h.payableOre)} ${h.currency}`)
  console.log(`Abonnement: ${draft.subscriptions.length}`)
  const failed = checks.filter((c) => !c.ok)
  if (failed.length === 0) console.log('Alle kontroller holder.')
  for (const c of failed) console.log(`KONTROLL FEILER: ${c.message}`)
}
