import type { Kysely } from 'kysely'

/**
 * The data subject request register, each person's privacy state
 * (restricted, erased, pseudonym), the keys that seal personal values in
 * audit entries, and the access exports kept for a short while.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subject_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    // No foreign key: the request outlives the person it is about.
    .addColumn('employee_id', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('extended_due_on', 'text')
    .addColumn('extension_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handled_by', 'text')
    .addColumn('notes', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('subject_requests_employee')
    .on('subject_requests')
    .column('employee_id')
    .execute()
  await db.schema
    .createTable('subject_states')
    .addColumn('employee_id', 'text', (c) => c.primaryKey())
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('restricted_at', 'text')
    .addColumn('restriction_reason', 'text')
    .addColumn('erased_at', 'text')
    .addColumn('keep_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('subject_keys')
    .addColumn('employee_id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('subject_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'subject_exports',
    'subject_keys',
    'subject_states',
    'subject_requests',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
