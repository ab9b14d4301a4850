import type { Kysely } from 'kysely'

/** Security events, for the administrators' page and its filters. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('security_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('security_events_at')
    .on('security_events')
    .column('at')
    .execute()
  await db.schema
    .createIndex('security_events_type_at')
    .on('security_events')
    .columns(['type', 'at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_events').execute()
}
