import type { Kysely } from 'kysely'

/**
 * The audit chain, the edited record of processing activities and the
 * personal-data breach register.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditLog(db)
  await createProcessingRecords(db)
  await createIncidents(db)
}

async function createAuditLog(db: Kysely<unknown>) {
  // seq is the primary key, so two writers can never both extend the chain
  // from the same entry: the second insert fails and retries.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('person_ref', 'text')
    .addColumn('purpose', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('audit_log_person')
    .on('audit_log')
    .columns(['person_ref', 'seq'])
    .execute()
  await db.schema
    .createIndex('audit_log_actor')
    .on('audit_log')
    .columns(['actor_user_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('audit_log_at')
    .on('audit_log')
    .column('at')
    .execute()
  // Where the chain starts once old entries have been pruned.
  await db.schema
    .createTable('audit_anchor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('first_seq', 'integer', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute()
}

async function createProcessingRecords(db: Kysely<unknown>) {
  await db.schema
    .createTable('processing_records')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text')
    .execute()
}

async function createIncidents(db: Kysely<unknown>) {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('discovered_at', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('nature', 'text', (c) => c.notNull())
    .addColumn('data_categories', 'text', (c) => c.notNull())
    .addColumn('approx_people', 'integer')
    .addColumn('approx_records', 'integer')
    .addColumn('consequences', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('incident_steps')
    .addColumn('incident_id', 'text', (c) =>
      c.notNull().references('incidents.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addColumn('done_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('incident_steps_pk', ['incident_id', 'step'])
    .execute()
  // One row per alert sent, so two app instances alert once between them.
  await db.schema
    .createTable('incident_alerts')
    .addColumn('incident_id', 'text', (c) =>
      c.notNull().references('incidents.id').onDelete('cascade'),
    )
    .addColumn('threshold', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_alerts_pk', ['incident_id', 'threshold'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'incident_alerts',
    'incident_steps',
    'incidents',
    'processing_records',
    'audit_anchor',
    'audit_log',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
