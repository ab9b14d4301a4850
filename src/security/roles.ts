/** The roles a user can have; one each. */
export const ROLES = [
  'admin',
  'accountant',
  'manager',
  'privacy',
  'auditor',
] as const

export type Role = (typeof ROLES)[number]

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}
