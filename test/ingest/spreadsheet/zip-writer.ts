import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipInput {
  name: string
  data: string | Buffer
  /** A size to declare instead of the real one, to build a lying entry. */
  declaredSize?: number
}

/** Writes a deflated ZIP, for hand-made hostile XLSX files. */
export function writeZip(inputs: ZipInput[]): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const input of inputs) {
    const data = Buffer.from(input.data)
    const packed = deflateRawSync(data)
    const name = Buffer.from(input.name)
    const fields = {
      crc: crc32(data),
      packed: packed.length,
      size: input.declaredSize ?? data.length,
    }
    const local = header(0x04034b50, 30, name, fields)
    locals.push(local, name, packed)
    centrals.push(centralHeader(name, fields, offset), name)
    offset += local.length + name.length + packed.length
  }
  const central = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(inputs.length, 8)
  end.writeUInt16LE(inputs.length, 10)
  end.writeUInt32LE(central.length, 12)
  end.writeUInt32LE(offset, 16)

  return new Uint8Array(Buffer.concat([...locals, central, end]))
}

interface Fields {
  crc: number
  packed: number
  size: number
}

function header(
  signature: number,
  length: number,
  name: Buffer,
  f: Fields,
): Buffer {
  const b = Buffer.alloc(length)
  b.writeUInt32LE(signature, 0)
  b.writeUInt16LE(20, 4)
  b.writeUInt16LE(8, 8)
  b.writeUInt32LE(f.crc, 14)
  b.writeUInt32LE(f.packed, 18)
  b.writeUInt32LE(f.size, 22)
  b.writeUInt16LE(name.length, 26)

  return b
}

function centralHeader(name: Buffer, f: Fields, offset: number): Buffer {
  const b = Buffer.alloc(46)
  b.writeUInt32LE(0x02014b50, 0)
  b.writeUInt16LE(20, 4)
  b.writeUInt16LE(20, 6)
  b.writeUInt16LE(8, 10)
  b.writeUInt32LE(f.crc, 16)
  b.writeUInt32LE(f.packed, 20)
  b.writeUInt32LE(f.size, 24)
  b.writeUInt16LE(name.length, 28)
  b.writeUInt32LE(offset, 42)

  return b
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** The smallest XLSX around one sheet's XML. */
export function minimalXlsx(
  sheetXml: string,
  overrides: Partial<Record<string, number>> = {},
): Uint8Array {
  const parts: Record<string, string> = {
    '_rels/.rels':
      `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" ` +
      'Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>` +
      '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" ` +
      'Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
  }

  return writeZip(
    Object.entries(parts).map(([name, data]) => ({
      name,
      data,
      ...(overrides[name] === undefined
        ? {}
        : { declaredSize: overrides[name] }),
    })),
  )
}

/** A sheet of inline-string rows, with extra XML after the cells. */
export function sheetXml(rows: string[][], after = '', before = ''): string {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">` +
        cells
          .map((text) => `<c t="inlineStr"><is><t>${text}</t></is></c>`)
          .join('') +
        '</row>',
    )
    .join('')

  return `<worksheet xmlns="${NS}">${before}<sheetData>${body}</sheetData>${after}</worksheet>`
}
