/** Little-endian reads that answer -1 instead of reading past the end. */
export function u16(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > bytes.length) return -1

  return bytes[at]! | (bytes[at + 1]! << 8)
}

export function u32(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > bytes.length) return -1

  return (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0
}

export function startsWith(
  bytes: Uint8Array,
  magic: readonly number[] | string,
  at = 0,
): boolean {
  const expected =
    typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic

  return expected.every((b, i) => bytes[at + i] === b)
}

export function latin1(bytes: Uint8Array, from: number, to: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(from, to))
}

/** Decodes strict UTF-8, or null when the bytes are not UTF-8 text. */
export function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}
