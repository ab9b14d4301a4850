import type { Role } from '../../src/security/roles.js'

/**
 * Who may call which route, as test data kept apart from the code. Every
 * route the app registers must be listed here; a role not listed for a
 * route must be refused.
 */
export interface MatrixRow {
  method: 'GET' | 'POST'
  url: string
  allowed: readonly Role[] | 'public' | 'signed-in'
}

const READ: Role[] = ['admin', 'accountant', 'auditor', 'manager']
const WORK: Role[] = ['admin', 'accountant']
const EXPORT: Role[] = ['admin', 'accountant', 'auditor']
const ADMIN: Role[] = ['admin']
const REGISTER: Role[] = ['admin', 'accountant', 'auditor', 'privacy']
const PRIVACY: Role[] = ['admin', 'privacy']
const RECORDS: Role[] = ['admin', 'privacy', 'auditor']
const INCIDENTS: Role[] = ['admin', 'privacy']
const EDIT_RECORDS: Role[] = ['privacy', 'admin']

export const AUTHZ_MATRIX: MatrixRow[] = [
  { method: 'GET', url: '/sign-in', allowed: 'public' },
  { method: 'POST', url: '/sign-in', allowed: 'public' },
  { method: 'POST', url: '/sign-out', allowed: 'signed-in' },
  { method: 'GET', url: '/password', allowed: 'signed-in' },
  { method: 'POST', url: '/password', allowed: 'signed-in' },
  { method: 'GET', url: '/', allowed: 'signed-in' },
  { method: 'GET', url: '/invoices', allowed: READ },
  { method: 'GET', url: '/invoices/:id', allowed: READ },
  { method: 'POST', url: '/invoices/:id/accept', allowed: WORK },
  { method: 'POST', url: '/invoices/:id/approve', allowed: WORK },
  { method: 'GET', url: '/invoices/upload', allowed: WORK },
  { method: 'POST', url: '/invoices/upload', allowed: WORK },
  { method: 'POST', url: '/layout-profiles', allowed: WORK },
  { method: 'GET', url: '/invoices/:id/exports/:report', allowed: EXPORT },
  { method: 'GET', url: '/attention', allowed: WORK },
  { method: 'POST', url: '/attention/assign', allowed: WORK },
  { method: 'GET', url: '/register/employees', allowed: REGISTER },
  { method: 'GET', url: '/register/employees/:id', allowed: REGISTER },
  { method: 'POST', url: '/register/employees/:id', allowed: WORK },
  { method: 'POST', url: '/register/employees/:id/numbers', allowed: WORK },
  { method: 'GET', url: '/register/cost-centres', allowed: REGISTER },
  { method: 'GET', url: '/register/import', allowed: WORK },
  { method: 'POST', url: '/register/import', allowed: WORK },
  { method: 'GET', url: '/register/rules', allowed: REGISTER },
  { method: 'POST', url: '/register/rules', allowed: WORK },
  { method: 'GET', url: '/admin/security-events', allowed: ['admin'] },
  { method: 'GET', url: '/sign-in/totp', allowed: 'public' },
  { method: 'POST', url: '/sign-in/totp', allowed: 'public' },
  { method: 'GET', url: '/account/totp', allowed: 'signed-in' },
  { method: 'POST', url: '/account/totp', allowed: 'signed-in' },
  { method: 'GET', url: '/account/sessions', allowed: 'signed-in' },
  {
    method: 'POST',
    url: '/account/sessions/:handle/end',
    allowed: 'signed-in',
  },
  { method: 'GET', url: '/account/api-tokens', allowed: 'signed-in' },
  { method: 'POST', url: '/account/api-tokens', allowed: 'signed-in' },
  {
    method: 'POST',
    url: '/account/api-tokens/:id/revoke',
    allowed: 'signed-in',
  },
  { method: 'GET', url: '/admin/users', allowed: ADMIN },
  { method: 'POST', url: '/admin/users', allowed: ADMIN },
  { method: 'GET', url: '/admin/users/:id', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/role', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/cost-centres', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/disable', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/enable', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/totp/reset', allowed: ADMIN },
  { method: 'POST', url: '/admin/users/:id/password', allowed: ADMIN },
  {
    method: 'POST',
    url: '/admin/users/:id/sessions/:handle/end',
    allowed: ADMIN,
  },
  { method: 'GET', url: '/api/health', allowed: 'public' },
  { method: 'GET', url: '/api/v1/openapi.json', allowed: 'public' },
  { method: 'POST', url: '/api/v1/invoices', allowed: WORK },
  { method: 'GET', url: '/api/v1/invoices/:id', allowed: EXPORT },
  { method: 'GET', url: '/api/v1/invoices/:id/allocation', allowed: READ },
  { method: 'GET', url: '/api/ready', allowed: 'public' },
  { method: 'GET', url: '/api/v1/jobs/:id', allowed: WORK },
  { method: 'GET', url: '/admin/security-status', allowed: ['admin'] },
  { method: 'GET', url: '/audit', allowed: ['admin', 'auditor'] },
  { method: 'POST', url: '/audit/verify', allowed: ['admin', 'auditor'] },
  { method: 'GET', url: '/audit/export.csv', allowed: ['admin', 'auditor'] },
  { method: 'GET', url: '/audit/export.json', allowed: ['admin', 'auditor'] },
  { method: 'GET', url: '/privacy/records', allowed: RECORDS },
  { method: 'GET', url: '/privacy/records.pdf', allowed: RECORDS },
  { method: 'GET', url: '/privacy/records/edit', allowed: EDIT_RECORDS },
  { method: 'POST', url: '/privacy/records/edit', allowed: EDIT_RECORDS },
  { method: 'GET', url: '/personvern', allowed: 'public' },
  { method: 'GET', url: '/privacy', allowed: 'public' },
  { method: 'GET', url: '/privacy/incidents', allowed: INCIDENTS },
  { method: 'POST', url: '/privacy/incidents', allowed: INCIDENTS },
  { method: 'GET', url: '/privacy/incidents/:id', allowed: INCIDENTS },
  { method: 'POST', url: '/privacy/incidents/:id', allowed: INCIDENTS },
  {
    method: 'POST',
    url: '/privacy/incidents/:id/steps/:step',
    allowed: INCIDENTS,
  },
  {
    method: 'GET',
    url: '/privacy/incidents/:id/notification',
    allowed: INCIDENTS,
  },
  {
    method: 'GET',
    url: '/privacy/incidents/:id/notification.md',
    allowed: INCIDENTS,
  },
  { method: 'GET', url: '/privacy/requests', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests', allowed: PRIVACY },
  { method: 'GET', url: '/privacy/requests/:id', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/extend', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/close', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/export', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/rectify', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/erase', allowed: PRIVACY },
  { method: 'POST', url: '/privacy/requests/:id/restrict', allowed: PRIVACY },
  {
    method: 'POST',
    url: '/privacy/requests/:id/lift-restriction',
    allowed: PRIVACY,
  },
  { method: 'GET', url: '/privacy/exports/:id', allowed: PRIVACY },
]
