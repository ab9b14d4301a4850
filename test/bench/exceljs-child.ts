import ExcelJS from 'exceljs'

/**
 * The reference for the XLSX reader: ExcelJS reading the whole workbook,
 * nothing else, in a process of its own.
 *
 *   node exceljs-child.js <file.xlsx>
 */
await new ExcelJS.Workbook().xlsx.readFile(process.argv[2]!)
process.stdout.write(
  `${JSON.stringify({ ok: true, maxRssKb: process.resourceUsage().maxRSS })}\n`,
)
