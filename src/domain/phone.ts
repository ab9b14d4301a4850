/**
 * Phone numbers in one normal form: E.164 (`+4791234567`) for Norwegian
 * eight-digit numbers and numbers written with a country code. Telia's
 * twelve-digit machine and twin-SIM numbers (starting with 58) are not
 * dialable E.164 numbers, so they keep their twelve digits as printed.
 */

const NORWEGIAN_MOBILE_OR_FIXED = /^[2-9]\d{7}$/
const MACHINE_NUMBER = /^58\d{10}$/

export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' }

export function normalizePhone(raw: string | number): PhoneNumber | null {
  let digits = String(raw)
    .trim()
    .replace(/[\s\u00a0\u202f().\-/]/g, '')
  if (digits.length === 0) return null

  if (digits.startsWith('+')) {
    digits = digits.slice(1)
    return fromInternational(digits)
  }
  if (digits.startsWith('00')) return fromInternational(digits.slice(2))
  if (!/^\d+$/.test(digits)) return null
  if (MACHINE_NUMBER.test(digits)) return digits as PhoneNumber
  if (NORWEGIAN_MOBILE_OR_FIXED.test(digits))
    return `+47${digits}` as PhoneNumber
  if (digits.length === 10 && digits.startsWith('47')) {
    return fromInternational(digits)
  }

  return null
}

function fromInternational(digits: string): PhoneNumber | null {
  if (!/^[1-9]\d{6,14}$/.test(digits)) return null
  if (
    digits.startsWith('47') &&
    !NORWEGIAN_MOBILE_OR_FIXED.test(digits.slice(2))
  ) {
    return null
  }

  return `+${digits}` as PhoneNumber
}

/** `+4791234567` → `912 34 567`, the way Norwegians write a mobile. */
export function formatPhone(phone: string): string {
  const local = phone.startsWith('+47') ? phone.slice(3) : null
  if (local && local.length === 8) {
    return `${local.slice(0, 3)} ${local.slice(3, 5)} ${local.slice(5)}`
  }

  return phone
}

/** Keeps the last two digits, for logs and lists that must not show numbers. */
export function maskPhone(phone: string): string {
  return phone.length <= 2
    ? '**'
    : `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}`
}
