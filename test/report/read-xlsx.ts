import ExcelJS from 'exceljs'

/** Opens an exported workbook with ExcelJS, as a user's Excel would. */
export async function openWorkbook(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook()
  // ExcelJS types its input as an ArrayBuffer; hand it exactly the bytes.
  const bytes = body.buffer.slice(
    body.byteOffset,
    body.byteOffset + body.byteLength,
  ) as ArrayBuffer
  await workbook.xlsx.load(bytes)

  return workbook.worksheets[0]!
}

export function cellsOf(ws: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = []
  ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)))

  return cells
}

/** The rows below the header row whose first cell is `title`, as values. */
export function sheetTableBelow(ws: ExcelJS.Worksheet, title: string) {
  const rows: ExcelJS.Row[] = []
  ws.eachRow((row) => rows.push(row))
  const at = rows.findIndex((r) => r.getCell(1).value === title)
  if (at < 0) throw new Error(`no header row starting with ${title}`)

  return { header: rows[at]!, body: rows.slice(at + 1) }
}
