import type { Insertable, Selectable, Updateable } from 'kysely'

/**
 * The database as Kysely sees it. Columns are snake_case; repositories map
 * rows to camelCase domain objects, so nothing above src/store sees a row.
 * Times are ISO-8601 text and flags are 0/1 integers, which read the same
 * on SQLite and PostgreSQL.
 */
export interface Database {
  users: UserTable
  user_cost_centres: UserCostCentreTable
  sessions: SessionTable
  data_keys: DataKeyTable
  stored_files: StoredFileTable
  invoices: InvoiceTable
  subscriptions: SubscriptionTable
  invoice_lines: InvoiceLineTable
  cost_centres: CostCentreTable
  employees: EmployeeTable
  phone_assignments: PhoneAssignmentTable
  number_rules: NumberRuleTable
  number_rule_parts: NumberRulePartTable
  allocations: AllocationTable
  layout_profiles: LayoutProfileTable
  settings: SettingTable
  pending_sign_ins: PendingSignInTable
  api_tokens: ApiTokenTable
}

export interface UserTable {
  id: string
  username: string
  display_name: string
  role: string
  password_hash: string
  must_change_password: number
  totp_secret: string | null
  disabled_at: string | null
  created_at: string
  updated_at: string
  /** 0002-accounts: a TOTP secret sealed but not yet confirmed. */
  totp_pending_secret: string | null
  /** The last TOTP time step accepted, so a code is used once. */
  totp_last_step: number | null
}

/** A password checked, the TOTP code not yet: no rights at all. */
export interface PendingSignInTable {
  id_hash: string
  user_id: string
  csrf_token: string
  attempts: number
  created_at: string
  expires_at: string
}

export interface ApiTokenTable {
  id: string
  user_id: string
  name: string
  /** SHA-256 of the token; the token itself is shown once. */
  token_hash: string
  /** Space-separated scopes. */
  scopes: string
  created_at: string
  expires_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface UserCostCentreTable {
  user_id: string
  cost_centre_code: string
}

export interface SessionTable {
  /** SHA-256 of the session id: a stolen table holds no usable cookie. */
  id_hash: string
  user_id: string
  csrf_token: string
  created_at: string
  last_seen_at: string
  expires_at: string
  ip: string | null
  user_agent: string | null
}

export interface DataKeyTable {
  id: string
  /** The data key, encrypted under the master key (base64). */
  wrapped_key: string
  master_key_id: string
  created_at: string
  retired_at: string | null
}

export interface StoredFileTable {
  id: string
  kind: string
  safe_name: string
  size_bytes: number
  sha256: string
  key_id: string
  created_by: string | null
  created_at: string
}

export interface InvoiceTable {
  id: string
  file_id: string | null
  format: string
  supplier: string
  supplier_org_no: string | null
  number: string
  customer_number: string | null
  kid: string | null
  issue_date: string | null
  due_date: string | null
  currency: string
  account: string | null
  vat_base_ore: number
  vat_free_ore: number
  vat_ore: number
  payable_ore: number
  vat_rounding_ore: number | null
  pages: number | null
  status: string
  checks_json: string
  accepted_by: string | null
  accepted_at: string | null
  accept_comment: string | null
  approved_by: string | null
  approved_at: string | null
  uploaded_by: string | null
  created_at: string
}

export interface SubscriptionTable {
  id: string
  invoice_id: string
  position: number
  phone: string
  user_name: string
  vat_base_ore: number
  vat_free_ore: number
  vat_ore: number
  total_ore: number
}

export interface InvoiceLineTable {
  id: string
  invoice_id: string
  subscription_id: string | null
  position: number
  section: string
  description: string
  period_start: string | null
  period_end: string | null
  quantity: string | null
  usage: string | null
  gross_ore: number | null
  discount_percent: string | null
  discount_ore: number | null
  net_ore: number
  vat_category: string
  vat_ore: number | null
}

export interface CostCentreTable {
  code: string
  name: string
  active: number
  created_at: string
}

export interface EmployeeTable {
  id: string
  employee_no: string | null
  name: string
  email: string | null
  department: string | null
  cost_centre_code: string | null
  end_date: string | null
  created_at: string
  updated_at: string
}

export interface PhoneAssignmentTable {
  id: string
  phone: string
  employee_id: string
  valid_from: string | null
  valid_to: string | null
  created_at: string
}

export interface NumberRuleTable {
  id: string
  phone: string
  label: string
  valid_from: string | null
  valid_to: string | null
  created_at: string
}

export interface NumberRulePartTable {
  rule_id: string
  cost_centre_code: string
  /** Share in basis points; a rule's parts sum to 10 000. */
  weight: number
}

export interface AllocationTable {
  id: string
  invoice_id: string
  subscription_id: string | null
  line_id: string
  cost_centre_code: string
  employee_id: string | null
  basis: string
  ex_vat_ore: number
  vat_ore: number
}

export interface LayoutProfileTable {
  id: string
  name: string
  supplier: string
  format: string
  definition_json: string
  created_at: string
}

export interface SettingTable {
  key: string
  value: string
}

export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
export type UserUpdate = Updateable<UserTable>
export type InvoiceRow = Selectable<InvoiceTable>
export type SubscriptionRow = Selectable<SubscriptionTable>
export type InvoiceLineRow = Selectable<InvoiceLineTable>
export type EmployeeRow = Selectable<EmployeeTable>
