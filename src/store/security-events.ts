import type { Kysely } from 'kysely'
import type {
  EventDetails,
  SecurityEvent,
  SecurityEventType,
  SecuritySink,
  Severity,
} from '../security/events/types.js'
import { masked } from '../security/events/sinks.js'
import type { Db } from './db.js'
import type { Database } from './schema.js'

/** The row; the user id stays a plain id so events outlive their user. */
export interface SecurityEventTable {
  id: string
  type: string
  severity: number
  at: string
  ip: string | null
  user_id: string | null
  details: string
}

type EventsDb = Kysely<Database & { security_events: SecurityEventTable }>

export interface SecurityEventFilter {
  type?: SecurityEventType | null
  /** Events at this severity or above. */
  minSeverity?: number | null
  limit?: number
}

/** A stored event with the username of its user, when there is one. */
export interface ListedSecurityEvent extends SecurityEvent {
  username: string | null
}

const DEFAULT_LIMIT = 200
const MAX_LIMIT = 1000

function events(db: Db): EventsDb {
  return db.withTables<{ security_events: SecurityEventTable }>()
}

export async function insertSecurityEvent(
  db: Db,
  event: SecurityEvent,
): Promise<void> {
  await events(db)
    .insertInto('security_events')
    .values({
      id: event.id,
      type: event.type,
      severity: event.severity,
      at: event.at,
      ip: event.ip,
      user_id: event.userId,
      details: JSON.stringify(event.details),
    })
    .execute()
}

/** The most recent events first, narrowed by type and least severity. */
export async function listSecurityEvents(
  db: Db,
  filter: SecurityEventFilter = {},
): Promise<ListedSecurityEvent[]> {
  const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT)
  let query = events(db)
    .selectFrom('security_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.type',
      'e.severity',
      'e.at',
      'e.ip',
      'e.user_id',
      'e.details',
      'u.username',
    ])
  if (filter.type) query = query.where('e.type', '=', filter.type)
  if (filter.minSeverity) {
    query = query.where('e.severity', '>=', filter.minSeverity)
  }
  const rows = await query
    .orderBy('e.at', 'desc')
    .orderBy('e.id')
    .limit(limit)
    .execute()

  return rows.map((row) => ({
    id: row.id,
    type: row.type as SecurityEventType,
    severity: row.severity as Severity,
    at: row.at,
    ip: row.ip,
    userId: row.user_id,
    details: JSON.parse(row.details) as EventDetails,
    username: row.username ?? null,
  }))
}

/** The database as a place events go, next to the file and the log. */
export function databaseSink(db: Db): SecuritySink {
  return {
    write: (event) => insertSecurityEvent(db, masked(event)),
  }
}
