import { attribute, scanXml } from './xml.js'

/** Built-in number formats that show a date (not a bare time). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53,
  54, 55, 56, 57, 58,
])

/**
 * For each cell style index, whether its number format shows a date, so
 * a serial in a date-formatted cell reads as the date it shows.
 */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>()
  const formats: number[] = []
  let inCellXfs = false
  scanXml(stylesXml, {
    wantsText: false,
    text() {},
    open(name, attrs) {
      if (name === 'numFmt') {
        const id = Number(attribute(attrs, 'numFmtId'))
        custom.set(id, attribute(attrs, 'formatCode') ?? '')
      } else if (name === 'cellXfs') {
        inCellXfs = true
      } else if (name === 'xf' && inCellXfs) {
        formats.push(Number(attribute(attrs, 'numFmtId') ?? 0))
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false
    },
  })

  return formats.map((id) => {
    const code = custom.get(id)
    return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateCode(code)
  })
}

/** `dd.mm.yyyy` is a date; `# ##0.00 "kr"` and `[h]:mm` are not. */
export function isDateCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')

  return /[dy]/i.test(bare)
}
