import type { Problem } from '../domain/invoice.js'
import { normalizePhone } from '../domain/phone.js'
import { checkUpload } from '../ingest/intake/index.js'
import { UPLOAD_LIMITS } from '../ingest/limits.js'
import { readCostCentres, readRegister } from '../ingest/register.js'
import { recordAudit } from '../privacy/audit.js'
import type { AuditActor } from '../privacy/audit.js'
import type { Db } from '../store/db.js'
import {
  ensureCostCentre,
  findEmployeeByNo,
  insertAssignment,
  insertEmployee,
  insertNumberRule,
  listAssignments,
  updateEmployee,
  upsertCostCentres,
} from '../store/register.js'
import type { Employee } from '../store/register.js'
import { reallocateOpenInvoices } from './allocation.js'
import type { AppContext } from './context.js'

export interface RegisterImportOutcome {
  ok: boolean
  /** How serious a refused file looked to the intake (a security event). */
  severity?: number
  created: number
  updated: number
  costCentres: number
  problems: Problem[]
}

type RegisterRow = Extract<
  Awaited<ReturnType<typeof readRegister>>,
  { ok: true }
>['employees'][number]

/**
 * Imports an employee register (.xlsx or .csv) or a cost-centre list.
 * Employees are matched on their employee number and updated in place.
 * A number already held by someone else is not moved silently: the row is
 * reported, and the move is made on the register page with a date.
 */
export async function importRegisterFile(
  context: AppContext,
  upload: { filename: string; bytes: Uint8Array },
  actor: AuditActor = UNNAMED_ACTOR,
): Promise<RegisterImportOutcome> {
  const intake = await checkUpload(
    { ...upload, kind: 'register' },
    { ...UPLOAD_LIMITS, maxFileBytes: context.config.maxUploadBytes },
  )
  if (!intake.ok) {
    return { ...refused([intake.problem]), severity: intake.severity }
  }

  if (await isCostCentreList(upload)) {
    const read = await readCostCentres(upload.bytes, upload.filename)
    if (!read.ok) return refused(read.problems)
    await upsertCostCentres(context.db, read.costCentres)
    await auditImport(context, actor, upload.filename, {
      costCentres: read.costCentres.length,
    })

    return {
      ok: true,
      created: 0,
      updated: 0,
      costCentres: read.costCentres.length,
      problems: read.problems,
    }
  }

  const read = await readRegister(upload.bytes, upload.filename)
  if (!read.ok) return refused(read.problems)

  const outcome = await context.db.transaction().execute(async (trx) => {
    const problems = [...read.problems]
    let created = 0
    let updated = 0
    if (read.costCentres) await upsertCostCentres(trx, read.costCentres)
    for (const row of read.employees) {
      const result = await importEmployee(trx, row)
      if (result.created) created++
      else updated++
      if (result.problem) problems.push(result.problem)
    }

    return { created, updated, problems }
  })
  await reallocateOpenInvoices(context.db, context.config.suspenseCostCentre)
  await auditImport(context, actor, upload.filename, {
    created: outcome.created,
    updated: outcome.updated,
    costCentres: read.costCentres?.length ?? 0,
  })

  return { ok: true, costCentres: read.costCentres?.length ?? 0, ...outcome }
}

/** Who changed the register when no user is named: a process of our own. */
const UNNAMED_ACTOR: AuditActor = { userId: null, name: 'system' }

async function auditImport(
  context: AppContext,
  actor: AuditActor,
  filename: string,
  counts: Record<string, number>,
) {
  await recordAudit(context, {
    actor,
    action: 'register.import',
    subjectType: 'register',
    purpose: 'vedlikehold av ansattregisteret',
    details: { filename, ...counts },
  })
}

async function isCostCentreList(upload: {
  filename: string
  bytes: Uint8Array
}) {
  if (!upload.filename.toLowerCase().endsWith('.csv')) return false
  const head = Buffer.from(upload.bytes.subarray(0, 200)).toString('utf8')
  const firstLine = head
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)[0]!
    .toLowerCase()

  return /^(kode|code)[;,](navn|name)\s*$/.test(firstLine)
}

async function importEmployee(
  db: Db,
  row: RegisterRow,
): Promise<{ created: boolean; problem?: Problem }> {
  if (row.costCentre) await ensureCostCentre(db, row.costCentre)
  const employee: Omit<Employee, 'id'> = {
    employeeNo: row.employeeNo,
    name: row.name,
    email: row.email,
    department: row.department,
    costCentre: row.costCentre,
    endDate: row.endDate,
  }
  const known = row.employeeNo
    ? await findEmployeeByNo(db, row.employeeNo)
    : null
  const id = known?.id ?? (await insertEmployee(db, employee))
  if (known) await updateEmployee(db, known.id, employee)
  if (!row.phone) return { created: !known }

  const problem = await assignFromRegister(
    db,
    id,
    row.phone,
    row.endDate,
    row.name,
  )

  return problem ? { created: !known, problem } : { created: !known }
}

async function assignFromRegister(
  db: Db,
  employeeId: string,
  phone: string,
  endDate: string | null,
  name: string,
): Promise<Problem | null> {
  const held = (await listAssignments(db)).filter((a) => a.phone === phone)
  const own = held.find(
    (a) => a.employeeId === employeeId && a.validTo === null,
  )
  const other = held.find(
    (a) => a.employeeId !== employeeId && a.validTo === null,
  )
  if (other) {
    return {
      code: 'number-held-by-other',
      message:
        `${name}: nummeret står allerede på en annen ansatt. ` +
        'Avslutt den andres periode med en dato på registersiden, og importer igjen.',
    }
  }
  if (own && endDate) {
    await db
      .updateTable('phone_assignments')
      .set({ valid_to: endDate })
      .where('id', '=', own.id)
      .execute()
  }
  if (!own && !held.some((a) => a.employeeId === employeeId)) {
    await insertAssignment(db, {
      phone,
      employeeId,
      validFrom: null,
      validTo: endDate,
    })
  }

  return null
}

function refused(problems: Problem[]): RegisterImportOutcome {
  return { ok: false, created: 0, updated: 0, costCentres: 0, problems }
}

/**
 * Gives a number to an employee from a date (the attention list's one
 * click), ending whoever held it before, and reallocates open invoices.
 */
export async function assignNumber(
  context: AppContext,
  request: {
    phone: string
    employeeId: string
    validFrom: string | null
    validTo?: string | null
  },
  actor: AuditActor = UNNAMED_ACTOR,
): Promise<{ ok: true } | { ok: false; problem: Problem }> {
  const phone = normalizePhone(request.phone)
  if (!phone) {
    return {
      ok: false,
      problem: {
        code: 'phone-invalid',
        message:
          'Telefonnummeret er ikke gyldig. Skriv det med 8 siffer, for eksempel 912 34 567.',
      },
    }
  }

  await context.db.transaction().execute(async (trx) => {
    const open = (await listAssignments(trx)).filter(
      (a) =>
        a.phone === phone &&
        a.validTo === null &&
        a.employeeId !== request.employeeId,
    )
    for (const a of open) {
      await trx
        .updateTable('phone_assignments')
        .set({ valid_to: dayBefore(request.validFrom) })
        .where('id', '=', a.id)
        .execute()
    }
    await insertAssignment(trx, {
      phone,
      employeeId: request.employeeId,
      validFrom: request.validFrom,
      validTo: request.validTo ?? null,
    })
  })
  await reallocateOpenInvoices(context.db, context.config.suspenseCostCentre)
  await recordAudit(context, {
    actor,
    action: 'register.assign-number',
    subjectType: 'employee',
    subjectId: request.employeeId,
    personRef: request.employeeId,
    purpose: 'vedlikehold av ansattregisteret',
    details: {
      phone,
      validFrom: request.validFrom,
      validTo: request.validTo ?? null,
    },
  })

  return { ok: true }
}

/**
 * A number-level rule: a fixed cost centre (one part) or a percentage
 * split. Percentages are given with up to two decimals and must sum to 100.
 */
export async function saveNumberRule(
  context: AppContext,
  rule: {
    phone: string
    label: string
    validFrom: string | null
    validTo: string | null
    parts: Array<{ costCentre: string; percent: number }>
  },
  actor: AuditActor = UNNAMED_ACTOR,
): Promise<{ ok: true; id: string } | { ok: false; problem: Problem }> {
  const phone = normalizePhone(rule.phone)
  if (!phone) {
    return {
      ok: false,
      problem: {
        code: 'phone-invalid',
        message: 'Telefonnummeret er ikke gyldig.',
      },
    }
  }
  const parts = rule.parts.map((p) => ({
    costCentre: p.costCentre,
    weight: Math.round(p.percent * 100),
  }))
  const total = parts.reduce((a, p) => a + p.weight, 0)
  if (
    parts.length === 0 ||
    total !== 10_000 ||
    parts.some((p) => p.weight <= 0)
  ) {
    return {
      ok: false,
      problem: {
        code: 'split-not-100',
        message: `Andelene summerer til ${total / 100} %, men må summere til 100 %.`,
      },
    }
  }
  for (const p of parts) await ensureCostCentre(context.db, p.costCentre)

  const id = await insertNumberRule(context.db, { ...rule, phone, parts })
  await reallocateOpenInvoices(context.db, context.config.suspenseCostCentre)
  await recordAudit(context, {
    actor,
    action: 'register.number-rule',
    subjectType: 'number-rule',
    subjectId: id,
    purpose: 'vedlikehold av fordelingsregler',
    details: {
      phone,
      label: rule.label,
      validFrom: rule.validFrom,
      validTo: rule.validTo,
      parts: parts.map((p) => `${p.costCentre}:${p.weight}`),
    },
  })

  return { ok: true, id }
}

function dayBefore(date: string | null): string | null {
  if (!date) return null
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)

  return d.toISOString().slice(0, 10)
}
