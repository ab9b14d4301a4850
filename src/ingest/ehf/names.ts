/**
 * XML names, checked by character code. ASCII goes through a table; other
 * characters through the ranges XML 1.0 allows. A surrogate pair is taken
 * as a name character, which admits a few private-use planes XML leaves
 * out: harmless for names nothing looks up.
 */
const START = 1
const PART = 2
const ASCII = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  if (letter || c === 0x5f /* _ */) ASCII[c] = START | PART
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) ASCII[c] = PART
}
const COLON = 0x3a

function nonAsciiStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  )
}

function nonAsciiPart(c: number): boolean {
  return (
    nonAsciiStart(c) ||
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    (c >= 0x203f && c <= 0x2040)
  )
}

function isStart(c: number): boolean {
  return c < 128 ? (ASCII[c]! & START) !== 0 : nonAsciiStart(c)
}

export function isNamePart(c: number): boolean {
  return c < 128 ? (ASCII[c]! & PART) !== 0 : nonAsciiPart(c)
}

/**
 * The index just past the name starting at `from`, or -1 when no name
 * starts there. A qualified name may hold one colon between two parts;
 * an unqualified one none.
 */
export function nameEnd(
  text: string,
  from: number,
  qualified: boolean,
): number {
  if (!isStart(text.charCodeAt(from))) return -1
  let colon = -1
  let at = from + 1
  for (; at < text.length; at++) {
    const c = text.charCodeAt(at)
    if (c === COLON && qualified && colon < 0) colon = at
    else if (!isNamePart(c)) break
  }
  if (colon >= 0 && !partAfterColon(text, colon, at)) return -1

  return at
}

function partAfterColon(text: string, colon: number, end: number): boolean {
  return colon + 1 < end && isStart(text.charCodeAt(colon + 1))
}
