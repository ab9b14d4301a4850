import type { Problem } from '../domain/invoice.js'
import type { AppContext } from '../services/context.js'
import { open, seal } from '../store/crypto.js'
import { findEmployee, updateEmployee } from '../store/register.js'
import type { Employee } from '../store/register.js'
import { recordAudit } from './audit.js'
import type { AuditActor, AuditDetails } from './audit.js'
import { personKey } from './subject-keys.js'

export { findPersonKey } from './subject-keys.js'

export type EmployeeFields = Omit<Employee, 'id'>

/** Fields that identify the person; in the audit trail they are sealed. */
const PERSONAL: ReadonlyArray<keyof EmployeeFields> = [
  'employeeNo',
  'name',
  'email',
  'department',
]

/**
 * GDPR art. 16: corrects the register with a reason. The audit entry
 * keeps before and after; the personal values are sealed under a key of
 * the person's own, which erasure deletes, so the chain never has to
 * change and the old values still cannot be read after erasure.
 */
export async function rectifyEmployee(
  context: Pick<AppContext, 'db' | 'subjectKeyWrap'>,
  actor: AuditActor,
  employeeId: string,
  fields: EmployeeFields,
  reason: string,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; problem: Problem }> {
  const before = await findEmployee(context.db, employeeId)
  if (!before) {
    return {
      ok: false,
      problem: {
        code: 'person-unknown',
        message: 'Personen finnes ikke i registeret.',
      },
    }
  }
  if (reason.trim() === '' || fields.name.trim() === '') {
    return {
      ok: false,
      problem: {
        code: 'rectify-reason',
        message: 'Skriv navnet og hvorfor opplysningene rettes.',
      },
    }
  }
  await updateEmployee(context.db, employeeId, fields)
  const key = await personKey(context, employeeId, now)
  await recordAudit(
    context,
    {
      actor,
      action: 'subject.rectify',
      subjectType: 'employee',
      subjectId: employeeId,
      personRef: employeeId,
      purpose: `GDPR art. 16: ${reason.trim()}`,
      details: { changes: changes(before, fields, key) },
    },
    now,
  )

  return { ok: true }
}

function changes(
  before: Employee,
  after: EmployeeFields,
  key: Buffer,
): AuditDetails[] {
  const out: AuditDetails[] = []
  for (const field of Object.keys(after) as Array<keyof EmployeeFields>) {
    if (before[field] === after[field]) continue
    const personal = PERSONAL.includes(field)
    out.push({
      field,
      before: personal ? sealValue(key, before[field]) : before[field],
      after: personal ? sealValue(key, after[field]) : after[field],
    })
  }

  return out
}

/**
 * `sealed:` and base64url. The audit trail masks digit runs that look
 * like phone numbers, so a seal with eight digits in a row is redone.
 */
export function sealValue(key: Buffer, value: string | null): string | null {
  if (value === null) return null
  for (;;) {
    const text = seal(key, Buffer.from(value, 'utf8')).toString('base64url')
    if (!/\d{7}/.test(text)) return `sealed:${text}`
  }
}

export function openValue(key: Buffer, sealed: string): string {
  const body = Buffer.from(sealed.replace(/^sealed:/, ''), 'base64url')

  return open(key, body).toString('utf8')
}
