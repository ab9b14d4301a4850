import { UPLOAD_LIMITS } from '../limits.js'
import { startsWith, u16, u32 } from './bytes.js'
import { CFB_SIGNATURE } from './magic.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'

const END_OF_CHAIN = 0xfffffffe
const MINI_STREAM_CUTOFF = 4096
const HEADER_DIFAT_ENTRIES = 109
const DIRECTORY_ENTRY_SIZE = 128
const STREAM = 2
const WORKBOOK_NAMES = ['Workbook', 'Book']

interface Compound {
  bytes: Uint8Array
  sectorSize: number
  sectorCount: number
  fat: Uint32Array
}

class CfbError extends Error {
  constructor(
    readonly code: 'cfb-damaged' | 'cfb-sector-loop' | 'cfb-too-large',
    detail: string,
  ) {
    super(detail)
  }
}

/**
 * Checks an XLS (a Compound File Binary) by walking its sector chains the
 * way a reader would, but counting: a chain that returns to a sector it
 * has visited, or a file with more sectors than the limit, is refused
 * before any reader can loop on it.
 */
export function inspectCfb(
  bytes: Uint8Array,
  maxSectors: number = UPLOAD_LIMITS.cfb.maxSectors,
): { ok: true; stream: string } | Refusal {
  try {
    const compound = openCompound(bytes, maxSectors)
    const stream = findWorkbook(compound)
    if (!stream) return noWorkbook()

    return { ok: true, stream }
  } catch (err) {
    if (err instanceof CfbError) return refusalFor(err)
    throw err
  }
}

function openCompound(bytes: Uint8Array, maxSectors: number): Compound {
  if (bytes.length < 512 || !startsWith(bytes, CFB_SIGNATURE)) {
    throw new CfbError('cfb-damaged', 'no CFB header')
  }
  const shift = u16(bytes, 0x1e)
  if (shift !== 9 && shift !== 12) {
    throw new CfbError('cfb-damaged', `sector shift ${shift}`)
  }
  const sectorSize = 1 << shift
  const sectorCount = Math.ceil((bytes.length - sectorSize) / sectorSize)
  if (sectorCount > maxSectors) {
    throw new CfbError('cfb-too-large', `${sectorCount} sectors`)
  }
  const compound = { bytes, sectorSize, sectorCount, fat: new Uint32Array() }

  return { ...compound, fat: readFat(compound) }
}

/** The FAT sectors are listed in the header, then in a DIFAT chain. */
function readFat(c: Compound): Uint32Array {
  const fatSectorCount = u32(c.bytes, 0x2c)
  if (fatSectorCount > c.sectorCount) {
    throw new CfbError('cfb-damaged', `${fatSectorCount} FAT sectors`)
  }
  const fatSectors: number[] = []
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) {
    fatSectors.push(u32(c.bytes, 0x4c + i * 4))
  }
  const perDifat = c.sectorSize / 4 - 1
  const seen = new Set<number>()
  let difat = u32(c.bytes, 0x44)
  while (difat !== END_OF_CHAIN && fatSectors.length < fatSectorCount) {
    checkSector(c, difat, seen)
    const at = offsetOf(c, difat)
    for (let i = 0; i < perDifat; i++) fatSectors.push(u32(c.bytes, at + i * 4))
    difat = u32(c.bytes, at + perDifat * 4)
  }

  const entriesPerSector = c.sectorSize / 4
  const fat = new Uint32Array(fatSectorCount * entriesPerSector)
  fatSectors.slice(0, fatSectorCount).forEach((sector, i) => {
    checkSector(c, sector, new Set())
    const at = offsetOf(c, sector)
    for (let k = 0; k < entriesPerSector; k++) {
      fat[i * entriesPerSector + k] = u32(c.bytes, at + k * 4)
    }
  })

  return fat
}

/** Follows a chain through the FAT, refusing loops and wild pointers. */
function walkChain(c: Compound, start: number, table = c.fat): number[] {
  const chain: number[] = []
  const seen = new Set<number>()
  let sector = start
  while (sector !== END_OF_CHAIN) {
    if (seen.has(sector)) {
      throw new CfbError('cfb-sector-loop', `sector ${sector} visited twice`)
    }
    if (sector >= table.length) {
      throw new CfbError('cfb-damaged', `sector ${sector} outside the FAT`)
    }
    seen.add(sector)
    chain.push(sector)
    sector = table[sector]!
  }

  return chain
}

function findWorkbook(c: Compound): string | null {
  const directory = walkChain(c, u32(c.bytes, 0x30))
  const perSector = c.sectorSize / DIRECTORY_ENTRY_SIZE
  for (const sector of directory) {
    checkSector(c, sector, new Set())
    for (let i = 0; i < perSector; i++) {
      const at = offsetOf(c, sector) + i * DIRECTORY_ENTRY_SIZE
      const name = entryName(c.bytes, at)
      if (c.bytes[at + 0x42] !== STREAM || !WORKBOOK_NAMES.includes(name)) {
        continue
      }
      checkStream(c, u32(c.bytes, at + 0x74), u32(c.bytes, at + 0x78))

      return name
    }
  }

  return null
}

/** A large stream's chain must hold its size; small ones live in the mini stream. */
function checkStream(c: Compound, start: number, size: number): void {
  if (size < MINI_STREAM_CUTOFF) {
    walkChain(c, u32(c.bytes, 0x3c))

    return
  }
  const chain = walkChain(c, start)
  if (chain.length * c.sectorSize < size) {
    throw new CfbError('cfb-damaged', `stream of ${size} bytes is cut short`)
  }
}

function entryName(bytes: Uint8Array, at: number): string {
  const length = Math.min(u16(bytes, at + 0x40), 64)
  const units: number[] = []
  for (let i = 0; i + 2 < length; i += 2) units.push(u16(bytes, at + i))

  return String.fromCharCode(...units)
}

function checkSector(c: Compound, sector: number, seen: Set<number>): void {
  if (sector >= c.sectorCount || seen.has(sector)) {
    throw new CfbError('cfb-sector-loop', `sector ${sector} out of order`)
  }
  seen.add(sector)
}

function offsetOf(c: Compound, sector: number): number {
  return (sector + 1) * c.sectorSize
}

function refusalFor(err: CfbError): Refusal {
  if (err.code === 'cfb-damaged') {
    return refuse(
      err.code,
      SEVERITY.damaged,
      'Regnearket (.xls) er skadet og kan ikke åpnes. Åpne det i Excel, ' +
        'lagre det på nytt og last det opp igjen.',
      err.message,
    )
  }

  return refuse(
    err.code,
    SEVERITY.hostile,
    'Regnearket (.xls) har en ødelagt eller villedende indre struktur og ' +
      'er avvist. Åpne det i Excel, lagre det som .xlsx og last det opp.',
    err.message,
  )
}

function noWorkbook(): Refusal {
  return refuse(
    'xls-no-workbook',
    SEVERITY.mismatch,
    'Filen heter .xls, men er ikke et Excel-regneark (den mangler ' +
      'arbeidsboken). Last opp regnearket som .xlsx eller .xls fra Excel.',
  )
}
