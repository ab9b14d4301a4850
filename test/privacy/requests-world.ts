import type { InvoiceLine } from '../../src/domain/invoice.js'
import type { AuditActor } from '../../src/privacy/audit.js'
import type { AppContext } from '../../src/services/context.js'
import { replaceAllocations } from '../../src/store/allocations.js'
import type { StoredAllocation } from '../../src/store/allocations.js'
import { insertInvoice } from '../../src/store/invoices.js'
import {
  ensureCostCentre,
  insertAssignment,
  insertEmployee,
} from '../../src/store/register.js'

export const OFFICER: AuditActor = { userId: null, name: 'Test personvern' }

export const KARI = {
  name: 'Kari Nordmann',
  email: 'kari.nordmann@firma.no',
  own: '+4791234567',
}
export const OLA = { name: 'Ola Hansen', email: 'ola.hansen@firma.no' }
/** Kari's until 15 September 2026, Ola's from the 16th. */
export const MOVED = '+4798765432'

export interface World {
  kari: string
  ola: string
  september: string
  october: string
}

/**
 * Two people, one number that moved from Kari to Ola mid-September, and
 * two invoices whose lines are allocated to whoever held each number.
 */
export async function buildWorld(
  context: Pick<AppContext, 'db'>,
  year = 2026,
): Promise<World> {
  const { db } = context
  await ensureCostCentre(db, 'K100', 'Salg')
  await ensureCostCentre(db, 'K200', 'Drift')
  const kari = await insertEmployee(db, {
    employeeNo: `${year}-1`,
    name: KARI.name,
    email: KARI.email,
    department: 'Salg',
    costCentre: 'K100',
    endDate: null,
  })
  const ola = await insertEmployee(db, {
    employeeNo: `${year}-2`,
    name: OLA.name,
    email: OLA.email,
    department: 'Drift',
    costCentre: 'K200',
    endDate: null,
  })
  await insertAssignment(db, {
    phone: KARI.own,
    employeeId: kari,
    validFrom: null,
    validTo: null,
  })
  await insertAssignment(db, {
    phone: MOVED,
    employeeId: kari,
    validFrom: null,
    validTo: `${year}-09-15`,
  })
  await insertAssignment(db, {
    phone: MOVED,
    employeeId: ola,
    validFrom: `${year}-09-16`,
    validTo: null,
  })

  const september = await invoice(context, `${year}-09-30`, `S${year}`, [
    {
      phone: KARI.own,
      user: KARI.name,
      lines: [[line(`${year}-09-01`, `${year}-09-30`, 10_000), kari, 'K100']],
    },
    {
      phone: MOVED,
      user: KARI.name,
      lines: [
        [
          line(`${year}-09-01`, `${year}-09-15`, 2_000, 'Kari del'),
          kari,
          'K100',
        ],
        [line(`${year}-09-16`, `${year}-09-30`, 3_000, 'Ola del'), ola, 'K200'],
      ],
    },
  ])
  const october = await invoice(context, `${year}-10-31`, `O${year}`, [
    {
      phone: KARI.own,
      user: KARI.name,
      lines: [[line(`${year}-10-01`, `${year}-10-31`, 11_000), kari, 'K100']],
    },
    {
      phone: MOVED,
      user: OLA.name,
      lines: [
        [
          line(`${year}-10-01`, `${year}-10-31`, 7_000, 'Ola oktober'),
          ola,
          'K200',
        ],
      ],
    },
  ])

  return { kari, ola, september, october }
}

function line(
  start: string,
  end: string,
  netOre: number,
  description = 'Abonnement',
): InvoiceLine {
  return {
    section: 'Faste avgifter',
    description,
    periodStart: start,
    periodEnd: end,
    quantity: null,
    usage: null,
    grossOre: null,
    discountPercent: null,
    discountOre: null,
    netOre,
    vatCategory: 'standard' as InvoiceLine['vatCategory'],
    vatOre: netOre / 4,
  }
}

type SubSpec = {
  phone: string
  user: string
  lines: Array<[InvoiceLine, string, string]>
}

async function invoice(
  context: Pick<AppContext, 'db'>,
  issueDate: string,
  number: string,
  subs: SubSpec[],
): Promise<string> {
  const total = (s: SubSpec) => s.lines.reduce((n, [l]) => n + l.netOre, 0)
  const inserted = await insertInvoice(context.db, {
    draft: {
      format: 'pdf',
      header: {
        supplier: 'Telia Norge AS',
        supplierOrgNo: null,
        number,
        customerNumber: null,
        kid: null,
        issueDate,
        dueDate: null,
        currency: 'NOK',
        account: null,
        vatBaseOre: subs.reduce((n, s) => n + total(s), 0),
        vatFreeOre: 0,
        vatOre: subs.reduce((n, s) => n + total(s) / 4, 0),
        payableOre: subs.reduce((n, s) => n + (total(s) * 5) / 4, 0),
        vatRoundingOre: null,
        pages: null,
      },
      subscriptions: subs.map((s) => ({
        phone: s.phone,
        user: s.user,
        lines: s.lines.map(([l]) => l),
        vatBaseOre: total(s),
        vatFreeOre: 0,
        vatOre: total(s) / 4,
        totalOre: (total(s) * 5) / 4,
      })),
      unassignedLines: [],
    } as never,
    checks: [],
    status: 'approved' as never,
    fileId: null,
    uploadedBy: null,
  })
  const allocations: StoredAllocation[] = subs.flatMap((s, i) =>
    s.lines.map(([l, employeeId, costCentre], j) => ({
      lineId: inserted.lineIds[i]![j]!,
      subscriptionId: inserted.subscriptionIds[i]!,
      costCentre,
      employeeId,
      basis: 'employee' as const,
      exVatOre: l.netOre,
      vatOre: l.netOre / 4,
    })),
  )
  await replaceAllocations(context.db, inserted.id, allocations)

  return inserted.id
}
