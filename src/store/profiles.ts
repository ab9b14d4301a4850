import { randomUUID } from 'node:crypto'
import type { LayoutProfile } from '../ingest/profile.js'
import type { Db } from './db.js'

/** Layout profiles users saved, newest first. */
export async function listLayoutProfiles(db: Db): Promise<LayoutProfile[]> {
  const rows = await db
    .selectFrom('layout_profiles')
    .selectAll()
    .orderBy('created_at', 'desc')
    .execute()

  return rows.map((r) => JSON.parse(r.definition_json) as LayoutProfile)
}

export async function saveLayoutProfile(
  db: Db,
  profile: Omit<LayoutProfile, 'id'>,
  format: string,
): Promise<LayoutProfile> {
  const saved = { ...profile, id: randomUUID() }
  await db
    .insertInto('layout_profiles')
    .values({
      id: saved.id,
      name: saved.name,
      supplier: saved.supplier,
      format,
      definition_json: JSON.stringify(saved),
      created_at: new Date().toISOString(),
    })
    .execute()

  return saved
}
