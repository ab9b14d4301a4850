import type { Problem } from '../../domain/invoice.js'
import { UPLOAD_LIMITS } from '../limits.js'
import { tooLarge } from './book.js'
import type { Row, Sheet } from './book.js'

/**
 * Reads a CSV into one sheet of text cells: `;`, `,` or tab separated,
 * fields in double quotes with `""` inside, UTF-8 with or without BOM, or
 * Windows-1252 as older Excel versions save it.
 */
export function parseCsv(
  bytes: Uint8Array,
  filename: string,
): { ok: true; sheets: Sheet[] } | { ok: false; problems: Problem[] } {
  const text = decode(bytes)
  const separator = guessSeparator(text)
  const rows: Row[] = []
  const { maxRows, maxColumns } = UPLOAD_LIMITS.sheet
  for (const row of records(text, separator)) {
    if (rows.length >= maxRows) return tooLarge(filename, 'rader')
    if (row.length > maxColumns) return tooLarge(filename, 'kolonner')
    rows.push(row)
  }

  return { ok: true, sheets: [{ name: filename, rows }] }
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      bytes,
    )
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** The separator the first line uses most, outside quotes. */
function guessSeparator(text: string): string {
  const end = text.search(/\r?\n/)
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(
    /"[^"]*"/g,
    '',
  )
  const count = (c: string) => firstLine.split(c).length - 1
  const candidates = [';', ',', '\t'].sort((a, b) => count(b) - count(a))

  return candidates[0]!
}

function* records(text: string, separator: string): Generator<string[]> {
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = false
    } else if (c === '"' && field === '') {
      quoted = true
    } else if (c === separator) {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      yield row
      row = []
      field = ''
    } else {
      field += c
    }
  }
  if (field !== '' || row.length > 0) yield [...row, field]
}
