/**
 * A small SAX-style scanner for the XML parts of an XLSX. It knows tags,
 * attributes, text and CDATA; it refuses a DOCTYPE outright, so no entity
 * is ever declared, and decodes only the five predefined entities and
 * character references.
 */
export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void
  close(name: string): void
  /** Called only while `wantsText` is true. */
  text(raw: string): void
  wantsText: boolean
}

export class XmlError extends Error {
  override name = 'XmlError'
}

export function scanXml(xml: string, handler: XmlHandler): void {
  let at = 0
  while (at < xml.length) {
    const lt = xml.indexOf('<', at)
    if (lt < 0) break
    if (lt > at && handler.wantsText) handler.text(decodeXml(xml.slice(at, lt)))
    at = scanTag(xml, lt, handler)
  }
}

function scanTag(xml: string, lt: number, handler: XmlHandler): number {
  const next = xml.charCodeAt(lt + 1)
  if (next === 0x3f /* ? */) return skipPast(xml, lt, '?>')
  if (next === 0x21 /* ! */) return scanBang(xml, lt, handler)

  const gt = tagEnd(xml, lt)
  if (next === 0x2f /* / */) {
    handler.close(localName(xml.slice(lt + 2, gt).trim()))
    return gt + 1
  }
  const selfClosing = xml.charCodeAt(gt - 1) === 0x2f
  const body = xml.slice(lt + 1, selfClosing ? gt - 1 : gt)
  const space = body.search(/\s/)
  const name = space < 0 ? body : body.slice(0, space)
  handler.open(localName(name), space < 0 ? '' : body.slice(space), selfClosing)
  if (selfClosing) handler.close(localName(name))

  return gt + 1
}

function scanBang(xml: string, lt: number, handler: XmlHandler): number {
  if (xml.startsWith('<!--', lt)) return skipPast(xml, lt, '-->')
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt)
    if (end < 0) throw new XmlError('unterminated CDATA')
    if (handler.wantsText) handler.text(xml.slice(lt + 9, end))
    return end + 3
  }

  throw new XmlError('DOCTYPE or declaration in a spreadsheet part')
}

function skipPast(xml: string, from: number, end: string): number {
  const at = xml.indexOf(end, from)
  if (at < 0) throw new XmlError(`unterminated ${end}`)

  return at + end.length
}

/** The `>` closing a tag, stepping over any `>` inside a quoted value. */
function tagEnd(xml: string, lt: number): number {
  let gt = xml.indexOf('>', lt)
  while (gt >= 0 && !quotesBalanced(xml, lt, gt)) gt = xml.indexOf('>', gt + 1)
  if (gt < 0) throw new XmlError('unterminated tag')

  return gt
}

function quotesBalanced(xml: string, from: number, to: number): boolean {
  let quote = 0
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i)
    if (quote === 0 && (c === 0x22 || c === 0x27)) quote = c
    else if (c === quote) quote = 0
  }

  return quote === 0
}

function localName(name: string): string {
  const colon = name.indexOf(':')

  return colon < 0 ? name : name.slice(colon + 1)
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** The value of one attribute (namespace prefix ignored), or null. */
export function attribute(attrs: string, name: string): string | null {
  if (!attrs.includes(name)) return null
  ATTRIBUTE.lastIndex = 0
  for (let m = ATTRIBUTE.exec(attrs); m; m = ATTRIBUTE.exec(attrs)) {
    if (localName(m[1]!) === name) return decodeXml(m[2] ?? m[3] ?? '')
  }

  return null
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g
const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
}

export function decodeXml(raw: string): string {
  if (!raw.includes('&')) return raw

  return raw.replace(ENTITY, (_, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref]!
    const code =
      ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)

    return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
  })
}

/** OOXML writes control characters in strings as `_x000D_`. */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text

  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  )
}
