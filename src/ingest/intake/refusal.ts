import type { Problem } from '../../domain/invoice.js'

/**
 * How much a refused upload says about the person who sent it, on the
 * scale security events use: a damaged file is an accident, a crafted
 * filename or a zip bomb is an attempt.
 */
export const SEVERITY = {
  damaged: 3,
  notAllowed: 4,
  mismatch: 6,
  filename: 7,
  hostile: 8,
} as const

export interface Refusal {
  ok: false
  problem: Required<Problem>
  severity: number
}

export function refuse(
  code: string,
  severity: number,
  message: string,
  detail = '',
): Refusal {
  return { ok: false, problem: { code, message, detail }, severity }
}
