import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Problem } from '../../domain/invoice.js'
import { UPLOAD_LIMITS } from '../limits.js'

/** One element as fast-xml-parser gives it: text, or children by name. */
export type XmlNode = string | { [name: string]: XmlValue }
export type XmlValue = XmlNode | XmlNode[]

export type ParsedXml =
  | { ok: true; rootName: string; root: XmlNode }
  | { ok: false; problem: Problem }

const DECLARATIONS = /<!(DOCTYPE|ENTITY)/i
const NOT_UTF8 = /^<\?xml[^>]*encoding\s*=\s*["'](?!utf-?8["'])/i

/**
 * Parses an EHF document without ever resolving an entity. A DOCTYPE has
 * no place in UBL, so one is refused before the parser sees the text:
 * that shuts out external entities and entity expansion together.
 */
export function parseXml(
  bytes: Uint8Array,
  limits = UPLOAD_LIMITS.xml,
): ParsedXml {
  if (bytes.byteLength > limits.maxBytes) {
    return refuse('xml-too-large', tooLargeMessage(limits.maxBytes))
  }

  const text = decodeUtf8(bytes)
  if (text === null) return refuse('xml-encoding', ENCODING_MESSAGE)
  if (NOT_UTF8.test(text)) return refuse('xml-encoding', ENCODING_MESSAGE)
  if (DECLARATIONS.test(text)) return refuse('xml-doctype', DOCTYPE_MESSAGE)

  const invalid = XMLValidator.validate(text)
  if (invalid !== true) {
    const { msg, line, col } = invalid.err
    return refuse(
      'xml-malformed',
      malformedMessage(line),
      `${msg} at ${line}:${col}`,
    )
  }

  return parseValidated(text, limits.maxDepth)
}

function parseValidated(text: string, maxDepth: number): ParsedXml {
  let document: Record<string, XmlValue>
  try {
    document = newParser(maxDepth).parse(text)
  } catch (err) {
    return refuse('xml-too-deep', DEPTH_MESSAGE, String(err))
  }

  const rootName = Object.keys(document).find((k) => !k.startsWith('?'))
  if (!rootName) return refuse('xml-malformed', malformedMessage(1))

  return { ok: true, rootName, root: first(document[rootName]) ?? '' }
}

function newParser(maxDepth: number): XMLParser {
  return new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // The parser counts the elements above the current one.
    maxNestedTags: maxDepth - 1,
    tagValueProcessor: (_name: string, value: string) => decodeText(value),
    // Paths to callbacks are not used; building them costs a third.
    jPath: false,
  })
}

const REFERENCE = /&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g
const PREDEFINED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

/**
 * With entity processing off the parser leaves even `&amp;` as written.
 * The five entities XML itself defines and character references need no
 * DTD, so they are decoded here; nothing else is.
 */
export function decodeText(text: string): string {
  if (!text.includes('&')) return text

  return text.replace(REFERENCE, (whole, name: string) => {
    if (!name.startsWith('#')) return PREDEFINED[name] ?? whole
    const code = name.startsWith('#x')
      ? parseInt(name.slice(2), 16)
      : parseInt(name.slice(1), 10)

    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** The first element of a value that may be one element or several. */
export function first(value: XmlValue | undefined): XmlNode | undefined {
  return Array.isArray(value) ? value[0] : value
}

export function all(value: XmlValue | undefined): XmlNode[] {
  if (value === undefined) return []

  return Array.isArray(value) ? value : [value]
}

/** Follows a path of child names, taking the first of each. */
export function at(
  node: XmlNode | undefined,
  ...path: string[]
): XmlNode | undefined {
  let current = node
  for (const name of path) {
    if (current === undefined || typeof current === 'string') return undefined
    current = first(current[name])
  }

  return current
}

export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return []

  return all(node[name])
}

/** The text of the element at the path, trimmed; null when absent. */
export function textAt(
  node: XmlNode | undefined,
  ...path: string[]
): string | null {
  const found = at(node, ...path)
  if (found === undefined) return null
  if (typeof found === 'string') return found
  const text = found['#text']

  return typeof text === 'string' ? text : null
}

function refuse(code: string, message: string, detail?: string): ParsedXml {
  return {
    ok: false,
    problem: { code, message, ...(detail ? { detail } : {}) },
  }
}

const ENCODING_MESSAGE =
  'EHF-filen er ikke kodet som UTF-8. Be leverandøren sende fakturaen på ' +
  'nytt som EHF, eller last opp PDF-fakturaen i stedet.'

const DOCTYPE_MESSAGE =
  'EHF-filen inneholder en DOCTYPE- eller ENTITY-erklæring, som ikke hører ' +
  'hjemme i en faktura og kan brukes til angrep. Filen er avvist. Last ned ' +
  'fakturaen på nytt fra leverandøren eller aksesspunktet.'

const DEPTH_MESSAGE =
  'EHF-filen er nestet dypere enn en faktura kan være, og er avvist. Last ' +
  'ned fakturaen på nytt fra leverandøren.'

function malformedMessage(line: number): string {
  return (
    `EHF-filen er ikke gyldig XML (feil ved linje ${line}). Filen kan være ` +
    'skadet eller avkortet. Last ned fakturaen på nytt og prøv igjen.'
  )
}

function tooLargeMessage(maxBytes: number): string {
  const mb = Math.floor(maxBytes / (1024 * 1024))

  return (
    `EHF-filen er større enn ${mb} MB og kan ikke leses. Kontroller at du ` +
    'har valgt riktig fil.'
  )
}
