import type { Kysely } from 'kysely'
import type { Db } from './db.js'
import type { Database } from './schema.js'

/** Each saved edit of the record of processing activities, kept whole. */
export interface ProcessingRecordTable {
  version: number
  yaml: string
  saved_at: string
  saved_by: string | null
}

export interface SavedRecordVersion {
  version: number
  yaml: string
  savedAt: string
  savedBy: string | null
}

type RecordsDb = Kysely<
  Database & { processing_records: ProcessingRecordTable }
>

function records(db: Db): RecordsDb {
  return db.withTables<{ processing_records: ProcessingRecordTable }>()
}

export async function latestRecordVersion(
  db: Db,
): Promise<SavedRecordVersion | null> {
  const row = await records(db)
    .selectFrom('processing_records')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()

  return row
    ? {
        version: Number(row.version),
        yaml: row.yaml,
        savedAt: row.saved_at,
        savedBy: row.saved_by,
      }
    : null
}

export async function insertRecordVersion(
  db: Db,
  saved: SavedRecordVersion,
): Promise<void> {
  await records(db)
    .insertInto('processing_records')
    .values({
      version: saved.version,
      yaml: saved.yaml,
      saved_at: saved.savedAt,
      saved_by: saved.savedBy,
    })
    .execute()
}
