/**
 * Reads the CSV the exports write (`;`, `"` quoting, CRLF, BOM) back into
 * rows of cells, strictly enough that a malformed file fails the test.
 */
export function readCsv(body: Buffer): string[][] {
  const text = body.toString('utf8')
  if (!text.startsWith('\ufeff')) throw new Error('no byte order mark')
  if (!text.endsWith('\r\n')) throw new Error('the last line has no CRLF')

  const rows: string[][] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') {
        quoted = false
      } else {
        cell += c
      }
    } else if (c === '"' && cell === '') {
      quoted = true
    } else if (c === ';') {
      cells.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      cells.push(cell)
      rows.push(cells)
      cells = []
      cell = ''
      i++
    } else if (c === '\n' || c === '\r') {
      throw new Error(`a bare line break at ${i}`)
    } else {
      cell += c
    }
  }

  return rows
}

/** `-1234,56` → -123456; anything else is not an amount. */
export function csvOre(cell: string): number {
  const match = /^(-?)(\d+),(\d{2})$/.exec(cell)
  if (!match) throw new Error(`not an amount: ${JSON.stringify(cell)}`)

  const ore = Number(match[2]) * 100 + Number(match[3])

  return match[1] ? -ore : ore
}

/** The rows below the header row whose first cell is `title`. */
export function tableBelow(rows: string[][], title: string) {
  const at = rows.findIndex((r) => r[0] === title)
  if (at < 0) throw new Error(`no header row starting with ${title}`)

  return { header: rows[at]!, body: rows.slice(at + 1) }
}
