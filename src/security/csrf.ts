import { timingSafeEqual } from 'node:crypto'

/** Methods that may change state; everything else must not. */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

export interface OriginHeaders {
  origin: string | undefined
  secFetchSite: string | undefined
}

/**
 * The browser's word on where a request came from. A request must carry
 * an Origin equal to one of ours or a Sec-Fetch-Site of same-origin; one
 * that carries neither is refused, since every current browser sends one.
 */
export function originAllowed(
  headers: OriginHeaders,
  ownOrigins: string | readonly string[],
): boolean {
  const { origin, secFetchSite } = headers
  if (secFetchSite && !['same-origin', 'none'].includes(secFetchSite)) {
    return false
  }
  if (origin !== undefined) return [ownOrigins].flat().includes(origin)

  return secFetchSite === 'same-origin'
}

/** Compares the sent token to the session's in constant time. */
export function csrfTokenMatches(
  sent: string | undefined,
  expected: string,
): boolean {
  if (typeof sent !== 'string') return false

  const a = Buffer.from(sent)
  const b = Buffer.from(expected)

  return a.length === b.length && timingSafeEqual(a, b)
}
