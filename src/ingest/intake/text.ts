import { isUtf8 } from 'node:buffer'
import { UPLOAD_LIMITS } from '../limits.js'
import { utf8 } from './bytes.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'

const UBL_NAMESPACES: Record<string, string> = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
}
/** The prolog a UBL document may open with: BOM, declaration, comments. */
const PROLOG = /^\ufeff?(\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/
const ROOT_TAG = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/

/** An EHF file: UTF-8, no DOCTYPE, a UBL Invoice or CreditNote root. */
export function inspectXml(
  bytes: Uint8Array,
  maxBytes: number = UPLOAD_LIMITS.xml.maxBytes,
): Refusal | null {
  if (bytes.length > maxBytes) return notEhf('larger than the XML limit')
  if (!isUtf8(bytes)) return notEhf('not UTF-8')
  if (hasDeclaration(bytes)) return doctype()

  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024))
  const start = head.replace(PROLOG, '')
  const root = ROOT_TAG.exec(start)
  if (!root) return notEhf('no root element')
  const [, prefix, name = '', attributes = ''] = root
  const wanted = UBL_NAMESPACES[name]
  const declared = namespaceOf(attributes, prefix)
  if (!wanted || declared !== wanted) {
    return notEhf(`root ${prefix ? `${prefix}:` : ''}${name} in ${declared}`)
  }

  return null
}

/**
 * `<!DOCTYPE` or `<!ENTITY` anywhere, in any case. In UTF-8 an ASCII byte
 * is only ever that ASCII character, so the bytes are searched as they
 * are, without decoding a large file on the parent's event loop.
 */
function hasDeclaration(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let at = buffer.indexOf('<!'); at >= 0;) {
    const word = buffer.toString('latin1', at + 2, at + 9).toUpperCase()
    if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) return true
    at = buffer.indexOf('<!', at + 2)
  }

  return false
}

function namespaceOf(attributes: string, prefix: string | undefined) {
  const attribute = prefix ? `xmlns:${prefix}` : 'xmlns'
  const pattern = new RegExp(`\\s${attribute}\\s*=\\s*(["'])(.*?)\\1`)

  return pattern.exec(attributes)?.[2] ?? null
}

/** A register CSV: UTF-8 text without NUL bytes. */
export function inspectCsv(bytes: Uint8Array): Refusal | null {
  if (bytes.includes(0)) return notCsv('NUL byte')
  if (utf8(bytes) === null) return notCsv('not UTF-8')

  return null
}

function doctype(): Refusal {
  return refuse(
    'xml-doctype',
    SEVERITY.hostile,
    'EHF-filen inneholder en DOCTYPE- eller ENTITY-erklæring, som ikke ' +
      'hører hjemme i en faktura og kan brukes til angrep. Filen er avvist. ' +
      'Last ned fakturaen på nytt fra leverandøren eller aksesspunktet.',
  )
}

function notEhf(detail: string): Refusal {
  return refuse(
    'xml-not-ehf',
    SEVERITY.mismatch,
    'XML-filen er ikke en EHF-faktura eller -kreditnota (PEPPOL BIS ' +
      'Billing 3.0) i UTF-8. Last ned fakturaen som EHF fra leverandøren, ' +
      'eller last opp PDF-fakturaen i stedet.',
    detail,
  )
}

function notCsv(detail: string): Refusal {
  return refuse(
    'csv-not-text',
    SEVERITY.mismatch,
    'CSV-filen er ikke ren tekst i UTF-8. Lagre registeret fra Excel som ' +
      '«CSV UTF-8 (kommadelt)» og last det opp på nytt.',
    detail,
  )
}
