import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.js'
import { readCostCentres, readRegister } from '../../src/ingest/register.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { processUpload } from '../../src/services/invoices.js'
import {
  ensureCostCentre,
  insertAssignment,
  insertEmployee,
  insertNumberRule,
  upsertCostCentres,
} from '../../src/store/register.js'
import { fixture } from '../helpers/paths.js'

export interface ReportWorld {
  context: AppContext
  invoiceId: string
  close(): Promise<void>
}

export interface WorldOptions {
  /** The fixture file to upload; the PDF unless told. */
  file?: 'invoice.pdf' | 'invoice-ehf.xml' | 'spesifikasjon.xlsx'
  /** Names to give employees instead of the register's, by employee no. */
  employeeNames?: Record<string, string>
  /** Names to give cost centres instead of the list's, by code. */
  costCentreNames?: Record<string, string>
  /** Numbers charged whole to a cost centre of their own, by rule. */
  rules?: Array<{ phone: string; costCentre: string }>
}

/**
 * A fresh SQLite database with the fixture register and cost centres, and
 * one of November's invoice files uploaded, checked and allocated through
 * the service.
 */
export async function uploadNovember(
  options: WorldOptions = {},
): Promise<ReportWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'telekost-report-'))
  const context = await openContext(testConfig(dir))
  const close = async () => {
    await closeContext(context)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await importRegister(context, options)
    await addRules(context, options)
    const invoiceId = await upload(context, options.file ?? 'invoice.pdf')

    return { context, invoiceId, close }
  } catch (err) {
    await close()
    throw err
  }
}

async function importRegister(
  context: AppContext,
  options: WorldOptions,
): Promise<void> {
  const centresFile = fixture('register', 'kostnadssteder.csv')
  const centres = await readCostCentres(
    await readFile(centresFile),
    'kostnadssteder.csv',
  )
  if (!centres.ok) throw new Error('the cost-centre fixture does not read')
  await upsertCostCentres(
    context.db,
    centres.costCentres.map((c) => ({
      code: c.code,
      name: options.costCentreNames?.[c.code] ?? c.name,
    })),
  )

  const register = await readRegister(
    await readFile(fixture('register', 'ansatte.csv')),
    'ansatte.csv',
  )
  if (!register.ok) throw new Error('the register fixture does not read')
  for (const e of register.employees) {
    const name = options.employeeNames?.[e.employeeNo ?? ''] ?? e.name
    const employeeId = await insertEmployee(context.db, {
      employeeNo: e.employeeNo,
      name,
      email: e.email,
      department: e.department,
      costCentre: e.costCentre,
      endDate: e.endDate,
    })
    if (e.phone) {
      await insertAssignment(context.db, {
        phone: e.phone,
        employeeId,
        validFrom: null,
        validTo: null,
      })
    }
  }
}

async function addRules(
  context: AppContext,
  options: WorldOptions,
): Promise<void> {
  for (const rule of options.rules ?? []) {
    await ensureCostCentre(context.db, rule.costCentre)
    await insertNumberRule(context.db, {
      phone: rule.phone,
      label: 'Fellestelefon',
      validFrom: null,
      validTo: null,
      parts: [{ costCentre: rule.costCentre, weight: 10_000 }],
    })
  }
}

async function upload(context: AppContext, name: string): Promise<string> {
  const bytes = await readFile(fixture('telia', '2026-11', name))
  const outcome = await processUpload(context, {
    filename: name,
    bytes,
    userId: null,
  })
  if (!outcome.ok) {
    throw new Error(`upload refused: ${JSON.stringify(outcome.problems)}`)
  }

  return outcome.invoiceId
}

export interface Expected {
  invoice: { vatBaseOre: number; vatFreeOre: number; payableOre: number }
  costCentresExVatOre: Record<string, number>
}

export async function novemberExpected(): Promise<Expected> {
  const text = await readFile(fixture('telia', '2026-11', 'expected.json'))

  return JSON.parse(text.toString('utf8')) as Expected
}
