import type { Kysely } from 'kysely'

/** The first schema: users and sessions, the register, invoices, allocation. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) =>
      c.notNull().defaultTo(0),
    )
    .addColumn('totp_secret', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema
    .createIndex('sessions_user_id')
    .on('sessions')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('cost_centres')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('user_cost_centres')
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('cost_centre_code', 'text', (c) =>
      c.notNull().references('cost_centres.code'),
    )
    .addPrimaryKeyConstraint('user_cost_centres_pk', [
      'user_id',
      'cost_centre_code',
    ])
    .execute()

  await db.schema
    .createTable('employees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_no', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('department', 'text')
    .addColumn('cost_centre_code', 'text', (c) =>
      c.references('cost_centres.code'),
    )
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('phone_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'text', (c) =>
      c.notNull().references('employees.id').onDelete('cascade'),
    )
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('phone_assignments_phone')
    .on('phone_assignments')
    .column('phone')
    .execute()

  await db.schema
    .createTable('number_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('number_rule_parts')
    .addColumn('rule_id', 'text', (c) =>
      c.notNull().references('number_rules.id').onDelete('cascade'),
    )
    .addColumn('cost_centre_code', 'text', (c) =>
      c.notNull().references('cost_centres.code'),
    )
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_rule_parts_pk', [
      'rule_id',
      'cost_centre_code',
    ])
    .execute()

  await db.schema
    .createTable('data_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute()

  await db.schema
    .createTable('stored_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('safe_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.references('stored_files.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('supplier_org_no', 'text')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('customer_number', 'text')
    .addColumn('kid', 'text')
    .addColumn('issue_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('account', 'text')
    .addColumn('vat_base_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_free_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_ore', 'bigint', (c) => c.notNull())
    .addColumn('payable_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_rounding_ore', 'bigint')
    .addColumn('pages', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checks_json', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    .addColumn('accepted_at', 'text')
    .addColumn('accept_comment', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('invoices_supplier_number', ['supplier', 'number'])
    .execute()

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) =>
      c.notNull().references('invoices.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('vat_base_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_free_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_ore', 'bigint', (c) => c.notNull())
    .addColumn('total_ore', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('subscriptions_invoice_id')
    .on('subscriptions')
    .columns(['invoice_id', 'position'])
    .execute()

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) =>
      c.notNull().references('invoices.id').onDelete('cascade'),
    )
    .addColumn('subscription_id', 'text', (c) =>
      c.references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('quantity', 'text')
    .addColumn('usage', 'text')
    .addColumn('gross_ore', 'bigint')
    .addColumn('discount_percent', 'text')
    .addColumn('discount_ore', 'bigint')
    .addColumn('net_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_category', 'text', (c) => c.notNull())
    .addColumn('vat_ore', 'bigint')
    .execute()
  await db.schema
    .createIndex('invoice_lines_invoice_id')
    .on('invoice_lines')
    .columns(['invoice_id', 'position'])
    .execute()

  await db.schema
    .createTable('allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) =>
      c.notNull().references('invoices.id').onDelete('cascade'),
    )
    .addColumn('subscription_id', 'text', (c) =>
      c.references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('line_id', 'text', (c) =>
      c.notNull().references('invoice_lines.id').onDelete('cascade'),
    )
    .addColumn('cost_centre_code', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'text', (c) =>
      c.references('employees.id').onDelete('set null'),
    )
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('ex_vat_ore', 'bigint', (c) => c.notNull())
    .addColumn('vat_ore', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('allocations_invoice_id')
    .on('allocations')
    .column('invoice_id')
    .execute()

  await db.schema
    .createTable('layout_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'settings',
    'layout_profiles',
    'allocations',
    'invoice_lines',
    'subscriptions',
    'invoices',
    'stored_files',
    'data_keys',
    'number_rule_parts',
    'number_rules',
    'phone_assignments',
    'employees',
    'user_cost_centres',
    'cost_centres',
    'sessions',
    'users',
  ]
  for (const table of tables) await db.schema.dropTable(table).execute()
}
