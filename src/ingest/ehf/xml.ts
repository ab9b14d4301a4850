import type { Problem } from '../../domain/invoice.js'
import { UPLOAD_LIMITS } from '../limits.js'
import { scanXml } from './scanner.js'
import type {
  ScanError,
  ScannedRoot,
  StreamedElement,
  XmlElement,
} from './scanner.js'
import { UBL_DOCUMENT } from './ubl.js'

export type { ScannedRoot, XmlElement } from './scanner.js'

export type ParsedXml =
  { ok: true; root: ScannedRoot } | { ok: false; problem: Problem }

export interface XmlLimits {
  maxBytes: number
  maxDepth: number
  maxNamespaces: number
}

/**
 * Reads an EHF document with the strict scanner, keeping only the parts
 * of UBL the reader uses; each invoice line goes to `onLine` as soon as
 * it is read, and is not kept in the root. No entity is ever resolved: a DOCTYPE is
 * refused wherever it stands, which shuts out external entities and
 * entity expansion together.
 */
export function parseXml(
  bytes: Uint8Array,
  onLine: StreamedElement,
  limits: XmlLimits = UPLOAD_LIMITS.xml,
): ParsedXml {
  if (bytes.byteLength > limits.maxBytes) {
    return refuse('xml-too-large', tooLargeMessage(limits.maxBytes))
  }
  const text = decodeUtf8(bytes)
  if (text === null) return refuse('xml-encoding', ENCODING_MESSAGE)

  const scanned = scanXml(text, UBL_DOCUMENT, limits, onLine)
  if (!scanned.ok) return refuseScan(text, scanned.error)

  return { ok: true, root: scanned.root }
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function refuseScan(text: string, error: ScanError): ParsedXml {
  const detail = `${error.reason} at offset ${error.offset}`
  switch (error.code) {
    case 'xml-doctype':
      return refuse(error.code, DOCTYPE_MESSAGE, detail)
    case 'xml-encoding':
      return refuse(error.code, ENCODING_MESSAGE, detail)
    case 'xml-too-deep':
      return refuse(error.code, DEPTH_MESSAGE, detail)
    case 'xml-too-many-namespaces':
      return refuse(error.code, NAMESPACES_MESSAGE, detail)
    case 'xml-malformed':
      return refuse(
        error.code,
        malformedMessage(lineAt(text, error.offset)),
        detail,
      )
  }
}

/** The 1-based line of an offset, counted only when a file is refused. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; line++) {
    at = text.indexOf('\n', at + 1)
  }

  return line
}

/** Follows a path of child names, taking the first of each. */
export function at(
  element: XmlElement | undefined,
  ...path: string[]
): XmlElement | undefined {
  let current = element
  for (const name of path) {
    current = current?.children.find((child) => child.name === name)
  }

  return current
}

export function childrenOf(
  element: XmlElement | undefined,
  name: string,
): XmlElement[] {
  return element?.children.filter((child) => child.name === name) ?? []
}

/** The trimmed text of the element at the path; null when absent. */
export function textAt(
  element: XmlElement | undefined,
  ...path: string[]
): string | null {
  return at(element, ...path)?.text?.trim() ?? null
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

const NAMESPACES_MESSAGE =
  'EHF-filen erklærer langt flere navnerom enn en faktura bruker, og er ' +
  'avvist. Last ned fakturaen på nytt fra leverandøren.'

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
