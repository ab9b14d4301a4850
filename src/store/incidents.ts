import type { Kysely } from 'kysely'
import type { Db } from './db.js'
import type { Database } from './schema.js'

export interface IncidentTable {
  id: string
  title: string
  discovered_at: string
  description: string
  nature: string
  data_categories: string
  approx_people: number | null
  approx_records: number | null
  consequences: string
  measures: string
  closed_at: string | null
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface IncidentStepTable {
  incident_id: string
  step: string
  done_at: string
  done_by: string
  note: string | null
}

export interface IncidentAlertTable {
  incident_id: string
  threshold: string
  sent_at: string
}

type IncidentDb = Kysely<
  Database & {
    incidents: IncidentTable
    incident_steps: IncidentStepTable
    incident_alerts: IncidentAlertTable
  }
>

/** The facts a notification to Datatilsynet is drafted from. */
export interface IncidentFacts {
  title: string
  discoveredAt: string
  description: string
  nature: string
  dataCategories: string
  approxPeople: number | null
  approxRecords: number | null
  consequences: string
  measures: string
}

export interface IncidentRecord extends IncidentFacts {
  id: string
  closedAt: string | null
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export interface IncidentStepDone {
  step: string
  doneAt: string
  doneBy: string
  note: string | null
}

function incidents(db: Db): IncidentDb {
  return db.withTables<{
    incidents: IncidentTable
    incident_steps: IncidentStepTable
    incident_alerts: IncidentAlertTable
  }>()
}

export async function insertIncident(
  db: Db,
  incident: IncidentRecord,
): Promise<void> {
  await incidents(db)
    .insertInto('incidents')
    .values({
      id: incident.id,
      ...factColumns(incident),
      closed_at: incident.closedAt,
      created_by: incident.createdBy,
      created_at: incident.createdAt,
      updated_at: incident.updatedAt,
    })
    .execute()
}

export async function updateIncidentFacts(
  db: Db,
  id: string,
  facts: IncidentFacts,
  at: string,
): Promise<void> {
  await incidents(db)
    .updateTable('incidents')
    .set({ ...factColumns(facts), updated_at: at })
    .where('id', '=', id)
    .execute()
}

export async function findIncident(
  db: Db,
  id: string,
): Promise<IncidentRecord | null> {
  const row = await incidents(db)
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()

  return row ? fromRow(row) : null
}

/** Newest discovery first. */
export async function listIncidents(db: Db): Promise<IncidentRecord[]> {
  const rows = await incidents(db)
    .selectFrom('incidents')
    .selectAll()
    .orderBy('discovered_at', 'desc')
    .execute()

  return rows.map(fromRow)
}

export async function listIncidentSteps(
  db: Db,
  incidentId: string,
): Promise<IncidentStepDone[]> {
  const rows = await incidents(db)
    .selectFrom('incident_steps')
    .select(['step', 'done_at', 'done_by', 'note'])
    .where('incident_id', '=', incidentId)
    .execute()

  return rows.map((r) => ({
    step: r.step,
    doneAt: r.done_at,
    doneBy: r.done_by,
    note: r.note,
  }))
}

/** False when the step was already done: the first record stands. */
export async function insertIncidentStep(
  db: Db,
  incidentId: string,
  done: IncidentStepDone,
): Promise<boolean> {
  const result = await incidents(db)
    .insertInto('incident_steps')
    .values({
      incident_id: incidentId,
      step: done.step,
      done_at: done.doneAt,
      done_by: done.doneBy,
      note: done.note,
    })
    .onConflict((c) => c.columns(['incident_id', 'step']).doNothing())
    .executeTakeFirst()

  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Incidents whose notification to the authority is not yet done. */
export async function listAwaitingNotification(
  db: Db,
  notifyStep: string,
): Promise<IncidentRecord[]> {
  const rows = await incidents(db)
    .selectFrom('incidents as i')
    .selectAll('i')
    .where('i.closed_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('incident_steps as s')
            .select('s.step')
            .whereRef('s.incident_id', '=', 'i.id')
            .where('s.step', '=', notifyStep),
        ),
      ),
    )
    .execute()

  return rows.map(fromRow)
}

/**
 * Claims one alert: true for the first caller only, so two app instances
 * checking at once send it once.
 */
export async function claimIncidentAlert(
  db: Db,
  incidentId: string,
  threshold: string,
  at: string,
): Promise<boolean> {
  const result = await incidents(db)
    .insertInto('incident_alerts')
    .values({ incident_id: incidentId, threshold, sent_at: at })
    .onConflict((c) => c.columns(['incident_id', 'threshold']).doNothing())
    .executeTakeFirst()

  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function listIncidentAlerts(
  db: Db,
  incidentId: string,
): Promise<Array<{ threshold: string; sentAt: string }>> {
  const rows = await incidents(db)
    .selectFrom('incident_alerts')
    .select(['threshold', 'sent_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('sent_at', 'asc')
    .execute()

  return rows.map((r) => ({ threshold: r.threshold, sentAt: r.sent_at }))
}

function factColumns(facts: IncidentFacts) {
  return {
    title: facts.title,
    discovered_at: facts.discoveredAt,
    description: facts.description,
    nature: facts.nature,
    data_categories: facts.dataCategories,
    approx_people: facts.approxPeople,
    approx_records: facts.approxRecords,
    consequences: facts.consequences,
    measures: facts.measures,
  }
}

function fromRow(row: IncidentTable): IncidentRecord {
  return {
    id: row.id,
    title: row.title,
    discoveredAt: row.discovered_at,
    description: row.description,
    nature: row.nature,
    dataCategories: row.data_categories,
    approxPeople: row.approx_people === null ? null : Number(row.approx_people),
    approxRecords:
      row.approx_records === null ? null : Number(row.approx_records),
    consequences: row.consequences,
    measures: row.measures,
    closedAt: row.closed_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
