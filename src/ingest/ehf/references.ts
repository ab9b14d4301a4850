/**
 * Character and entity references. Without a DTD, XML defines five
 * entities; any other name is an error, never something to look up. A
 * character reference must name a character XML allows.
 */
const PREDEFINED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}
/** `&#x10FFFF;` is the longest reference there is. */
const LONGEST = 10

/**
 * The index just past the reference whose `&` stands at `amp`, or -1
 * when no reference XML defines starts there.
 */
export function referenceEnd(text: string, amp: number): number {
  const semi = semicolonAfter(text, amp)
  if (semi < 0) return -1
  const body = text.slice(amp + 1, semi)
  if (body.charCodeAt(0) !== 0x23 /* # */) {
    return Object.hasOwn(PREDEFINED, body) ? semi + 1 : -1
  }

  return isXmlChar(codePointOf(body)) ? semi + 1 : -1
}

function semicolonAfter(text: string, amp: number): number {
  const limit = Math.min(text.length, amp + LONGEST)
  for (let at = amp + 1; at < limit; at++) {
    if (text.charCodeAt(at) === 0x3b /* ; */) return at
  }

  return -1
}

/** Decodes the references in a text already checked by referenceEnd. */
export function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw

  return raw.replace(REFERENCE, (_, body: string) =>
    body.startsWith('#')
      ? String.fromCodePoint(codePointOf(body))
      : PREDEFINED[body]!,
  )
}

const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g
const HEX = /^#x[0-9a-fA-F]{1,6}$/
const DECIMAL = /^#[0-9]{1,7}$/

/** The code point `#…` names, or -1 when it is not written as one. */
function codePointOf(body: string): number {
  if (HEX.test(body)) return parseInt(body.slice(2), 16)
  if (DECIMAL.test(body)) return parseInt(body.slice(1), 10)

  return -1
}

function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  )
}
