import type { Role } from '../security/roles.js'

/**
 * Who may do what. The route table names one of these per route; the
 * role × route matrix in the tests holds the same answers as test data.
 */
export const ACCESS = {
  readInvoices: ['admin', 'accountant', 'auditor', 'manager'],
  workInvoices: ['admin', 'accountant'],
  exportInvoices: ['admin', 'accountant', 'auditor'],
  readRegister: ['admin', 'accountant', 'auditor', 'privacy'],
  editRegister: ['admin', 'accountant'],
  securityEvents: ['admin'],
  readAudit: ['admin', 'auditor'],
  readRecords: ['admin', 'privacy', 'auditor'],
  editRecords: ['privacy', 'admin'],
  incidents: ['admin', 'privacy'],
} as const satisfies Record<string, readonly Role[]>

export function may(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role)
}
