import { randomUUID } from 'node:crypto'
import type { Assignment, NumberRule } from '../domain/allocation.js'
import type { Db } from './db.js'
import type { EmployeeRow } from './schema.js'

export interface CostCentre {
  code: string
  name: string
  active: boolean
}

export interface Employee {
  id: string
  employeeNo: string | null
  name: string
  email: string | null
  department: string | null
  costCentre: string | null
  endDate: string | null
}

export interface PhoneAssignment {
  id: string
  phone: string
  employeeId: string
  validFrom: string | null
  validTo: string | null
}

export async function listCostCentres(db: Db): Promise<CostCentre[]> {
  const rows = await db
    .selectFrom('cost_centres')
    .selectAll()
    .orderBy('code')
    .execute()

  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    active: r.active === 1,
  }))
}

/** Adds cost centres and renames known ones; never deletes. */
export async function upsertCostCentres(
  db: Db,
  centres: ReadonlyArray<{ code: string; name: string }>,
): Promise<void> {
  const now = new Date().toISOString()
  for (const c of centres) {
    await db
      .insertInto('cost_centres')
      .values({ code: c.code, name: c.name, active: 1, created_at: now })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: c.name }))
      .execute()
  }
}

/** Makes sure a cost centre exists, named after its code when new. */
export async function ensureCostCentre(
  db: Db,
  code: string,
  name = code,
): Promise<void> {
  await db
    .insertInto('cost_centres')
    .values({ code, name, active: 1, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
}

export async function listEmployees(db: Db): Promise<Employee[]> {
  const rows = await db
    .selectFrom('employees')
    .selectAll()
    .orderBy('name')
    .execute()

  return rows.map(toEmployee)
}

export async function findEmployee(
  db: Db,
  id: string,
): Promise<Employee | null> {
  const row = await db
    .selectFrom('employees')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? toEmployee(row) : null
}

export async function findEmployeeByNo(
  db: Db,
  employeeNo: string,
): Promise<Employee | null> {
  const row = await db
    .selectFrom('employees')
    .selectAll()
    .where('employee_no', '=', employeeNo)
    .executeTakeFirst()

  return row ? toEmployee(row) : null
}

export async function insertEmployee(
  db: Db,
  employee: Omit<Employee, 'id'>,
): Promise<string> {
  const id = randomUUID()
  const now = new Date().toISOString()
  await db
    .insertInto('employees')
    .values({
      id,
      employee_no: employee.employeeNo,
      name: employee.name,
      email: employee.email,
      department: employee.department,
      cost_centre_code: employee.costCentre,
      end_date: employee.endDate,
      created_at: now,
      updated_at: now,
    })
    .execute()

  return id
}

export async function updateEmployee(
  db: Db,
  id: string,
  employee: Omit<Employee, 'id'>,
): Promise<void> {
  await db
    .updateTable('employees')
    .set({
      employee_no: employee.employeeNo,
      name: employee.name,
      email: employee.email,
      department: employee.department,
      cost_centre_code: employee.costCentre,
      end_date: employee.endDate,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute()
}

export async function listAssignments(
  db: Db,
  employeeId?: string,
): Promise<PhoneAssignment[]> {
  let query = db.selectFrom('phone_assignments').selectAll()
  if (employeeId) query = query.where('employee_id', '=', employeeId)
  const rows = await query.orderBy('phone').orderBy('valid_from').execute()

  return rows.map((r) => ({
    id: r.id,
    phone: r.phone,
    employeeId: r.employee_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }))
}

export async function insertAssignment(
  db: Db,
  a: Omit<PhoneAssignment, 'id'>,
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('phone_assignments')
    .values({
      id,
      phone: a.phone,
      employee_id: a.employeeId,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      created_at: new Date().toISOString(),
    })
    .execute()

  return id
}

export async function deleteAssignment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('phone_assignments').where('id', '=', id).execute()
}

/** Every number's owner over time, with the cost centre each is charged to. */
export async function allocationAssignments(db: Db): Promise<Assignment[]> {
  const rows = await db
    .selectFrom('phone_assignments as a')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .select([
      'a.phone',
      'a.employee_id',
      'a.valid_from',
      'a.valid_to',
      'e.cost_centre_code',
    ])
    .where('e.cost_centre_code', 'is not', null)
    .execute()

  return rows.map((r) => ({
    phone: r.phone,
    employeeId: r.employee_id,
    costCentre: r.cost_centre_code!,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }))
}

export interface StoredNumberRule extends NumberRule {
  id: string
  label: string
}

export async function listNumberRules(db: Db): Promise<StoredNumberRule[]> {
  const rules = await db
    .selectFrom('number_rules')
    .selectAll()
    .orderBy('phone')
    .execute()
  const parts = await db.selectFrom('number_rule_parts').selectAll().execute()

  return rules.map((r) => ({
    id: r.id,
    phone: r.phone,
    label: r.label,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    parts: parts
      .filter((p) => p.rule_id === r.id)
      .map((p) => ({ costCentre: p.cost_centre_code, weight: p.weight })),
  }))
}

export async function insertNumberRule(
  db: Db,
  rule: Omit<StoredNumberRule, 'id'>,
): Promise<string> {
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('number_rules')
      .values({
        id,
        phone: rule.phone,
        label: rule.label,
        valid_from: rule.validFrom,
        valid_to: rule.validTo,
        created_at: new Date().toISOString(),
      })
      .execute()
    await trx
      .insertInto('number_rule_parts')
      .values(
        rule.parts.map((p) => ({
          rule_id: id,
          cost_centre_code: p.costCentre,
          weight: p.weight,
        })),
      )
      .execute()
  })

  return id
}

export async function deleteNumberRule(db: Db, id: string): Promise<void> {
  await db.deleteFrom('number_rules').where('id', '=', id).execute()
}

function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.id,
    employeeNo: row.employee_no,
    name: row.name,
    email: row.email,
    department: row.department,
    costCentre: row.cost_centre_code,
    endDate: row.end_date,
  }
}
