import type { Kysely } from 'kysely'

/**
 * Work that any instance may do, claimed through the database: an
 * accepted upload waits here until one instance has read and stored it.
 * A running job holds a lease; when its instance dies the lease runs out
 * and another instance takes the job over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // A running job's lease; a pending job's "not before" after a failure.
    .addColumn('lease_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('result', 'text')
    .addColumn('invoice_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  await db.schema
    .createIndex('jobs_status_lease')
    .on('jobs')
    .columns(['status', 'lease_until'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').execute()
}
