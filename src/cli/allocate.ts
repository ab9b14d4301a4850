import { allocateInvoice, totalsByCostCentre } from '../domain/allocation.js'
import type { Assignment } from '../domain/allocation.js'
import { readRegister } from '../ingest/register.js'
import { CliError, EXIT, options, printJson, readInput } from './io.js'
import { readDraft } from './parse.js'

/**
 * `telekost allocate FILE --register FILE [--json]`: cost per cost centre
 * for one invoice against a register file, without storing either.
 */
export async function allocateCommand(args: string[]): Promise<number> {
  const { values, positionals } = options(args, {
    register: { type: 'string' },
    suspense: { type: 'string', default: 'UNMATCHED' },
    json: { type: 'boolean' },
  })
  const draft = await readDraft(positionals[0])
  const assignments = await registerAssignments(values.register)
  const suspense = values.suspense ?? 'UNMATCHED'

  const parts = allocateInvoice(draft, {
    assignments,
    rules: [],
    suspenseCostCentre: suspense,
    fallbackDate:
      draft.header.issueDate ?? new Date().toISOString().slice(0, 10),
  })
  const costCentres = Object.fromEntries(
    [...totalsByCostCentre(parts)].map(([code, t]) => [code, t.exVatOre]),
  )
  const unmatched = [
    ...new Set(
      parts
        .filter((p) => p.basis === 'suspense' && p.subscriptionIndex !== null)
        .map((p) => draft.subscriptions[p.subscriptionIndex!]!.phone),
    ),
  ]

  if (values.json) printJson({ costCentres, unmatched })
  else printTable(costCentres, unmatched)

  return EXIT.ok
}

async function registerAssignments(
  path: string | undefined,
): Promise<Assignment[]> {
  const input = await readInput(path, '--register FIL')
  const read = await readRegister(input.bytes, input.filename)
  if (!read.ok) {
    const reasons = read.problems.map((p) => p.message).join('\n')
    throw new CliError(
      `Kan ikke lese registeret ${input.filename}:\n${reasons}`,
    )
  }
  for (const p of read.problems) console.error(`advarsel: ${p.message}`)

  return read.employees.flatMap((e, i) =>
    e.phone && e.costCentre
      ? [
          {
            phone: e.phone,
            employeeId: e.employeeNo ?? `rad-${i + 1}`,
            costCentre: e.costCentre,
            validFrom: null,
            validTo: e.endDate,
          },
        ]
      : [],
  )
}

function printTable(
  costCentres: Record<string, number>,
  unmatched: string[],
): void {
  for (const [code, ore] of Object.entries(costCentres).sort()) {
    console.log(`${code.padEnd(12)} ${(ore / 100).toFixed(2).padStart(14)}`)
  }
  if (unmatched.length > 0)
    console.log(`Uten treff i registeret: ${unmatched.join(', ')}`)
}
