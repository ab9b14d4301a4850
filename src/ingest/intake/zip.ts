import { inflateRawSync } from 'node:zlib'
import { UPLOAD_LIMITS } from '../limits.js'
import { u16, u32 } from './bytes.js'
import { describeMagic } from './magic.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'

export interface ZipEntryInfo {
  name: string
  method: number
  flags: number
  compressedSize: number
  size: number
  localOffset: number
}

type ZipLimits = { [K in keyof typeof UPLOAD_LIMITS.zip]: number }

const END_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const END_SIZE = 22
const ZIP64_MARK = 0xffffffff

/** Where the end-of-central-directory record starts, or -1. */
export function findEndOfDirectory(bytes: Uint8Array): number {
  const last = bytes.length - END_SIZE
  const first = Math.max(0, last - 0xffff)
  for (let at = last; at >= first; at--) {
    if (u32(bytes, at) !== END_SIGNATURE) continue
    if (at + END_SIZE + u16(bytes, at + 20) === bytes.length) return at
  }

  return -1
}

/**
 * Checks a ZIP from its central directory before any reader inflates it:
 * entry count, declared sizes, ratio, entry names, and that every entry
 * inflates to exactly the size its headers declare. Entries are inflated
 * one at a time with the output capped at the declared size, so a lying
 * header costs at most what it declared.
 */
export function inspectZip(
  bytes: Uint8Array,
  limits: ZipLimits = UPLOAD_LIMITS.zip,
): { ok: true; entries: ZipEntryInfo[] } | Refusal {
  const end = findEndOfDirectory(bytes)
  if (end < 0) return damaged('no end of central directory')
  const count = u16(bytes, end + 10)
  const directorySize = u32(bytes, end + 12)
  const directoryOffset = u32(bytes, end + 16)
  if (count === 0xffff || directoryOffset === ZIP64_MARK) {
    return damaged('ZIP64 archives are not used by spreadsheets')
  }
  if (count > limits.maxEntries) return tooManyEntries(count, limits.maxEntries)
  if (directoryOffset + directorySize !== end) {
    return polyglot(bytes, end - directorySize - directoryOffset)
  }

  const entries = readDirectory(bytes, directoryOffset, count)
  if (!Array.isArray(entries)) return entries

  return (
    checkEntries(bytes, entries, directoryOffset, limits) ?? {
      ok: true,
      entries,
    }
  )
}

function readDirectory(
  bytes: Uint8Array,
  offset: number,
  count: number,
): ZipEntryInfo[] | Refusal {
  const entries: ZipEntryInfo[] = []
  let at = offset
  for (let i = 0; i < count; i++) {
    if (u32(bytes, at) !== CENTRAL_SIGNATURE) {
      return damaged(`central header ${i} missing`)
    }
    const nameLength = u16(bytes, at + 28)
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength)
    entries.push({
      name: new TextDecoder('utf-8').decode(nameBytes),
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    })
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32)
  }

  return entries
}

function checkEntries(
  bytes: Uint8Array,
  entries: ZipEntryInfo[],
  directoryOffset: number,
  limits: ZipLimits,
): Refusal | null {
  const firstLocal = Math.min(...entries.map((e) => e.localOffset))
  if (entries.length > 0 && firstLocal !== 0) return polyglot(bytes, firstLocal)

  let declaredBytes = 0
  for (const entry of entries) {
    const refusal = checkEntry(entry, limits)
    if (refusal) return refusal
    declaredBytes += entry.size
    if (declaredBytes > limits.maxUncompressedBytes) {
      return tooLarge(declaredBytes, limits.maxUncompressedBytes)
    }
  }
  for (const entry of entries) {
    const refusal = checkLocalData(bytes, entry, directoryOffset)
    if (refusal) return refusal
  }

  return null
}

function checkEntry(entry: ZipEntryInfo, limits: ZipLimits): Refusal | null {
  if (unsafeEntryName(entry.name)) return entryPath(entry.name)
  if (entry.flags & 1) return encrypted()
  if (entry.method !== 0 && entry.method !== 8) {
    return damaged(`${entry.name}: compression method ${entry.method}`)
  }
  if (entry.size === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) {
    return damaged(`${entry.name}: ZIP64 sizes`)
  }
  if (entry.size > limits.maxCompressionRatio * entry.compressedSize) {
    return bomb(entry, limits.maxCompressionRatio)
  }

  return null
}

/** `..` segments, absolute paths, drive letters and control characters. */
function unsafeEntryName(name: string): boolean {
  const segments = name.split(/[/\\]/)

  return (
    segments.includes('..') ||
    /^[/\\]/.test(name) ||
    /^[A-Za-z]:/.test(name) ||
    // eslint-disable-next-line no-control-regex -- looking for them
    /[\u0000-\u001f]/.test(name)
  )
}

function checkLocalData(
  bytes: Uint8Array,
  entry: ZipEntryInfo,
  directoryOffset: number,
): Refusal | null {
  const at = entry.localOffset
  if (u32(bytes, at) !== LOCAL_SIGNATURE) {
    return damaged(`${entry.name}: local header missing`)
  }
  const usesDescriptor = (u16(bytes, at + 6) & 8) !== 0
  const localCompressed = u32(bytes, at + 18)
  const localSize = u32(bytes, at + 22)
  if (
    !usesDescriptor &&
    (localCompressed !== entry.compressedSize || localSize !== entry.size)
  ) {
    return sizeLie(entry, `local header says ${localSize} bytes`)
  }

  const dataStart = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28)
  const dataEnd = dataStart + entry.compressedSize
  if (dataEnd > directoryOffset) return damaged(`${entry.name}: data overruns`)

  return checkRealSize(bytes.subarray(dataStart, dataEnd), entry)
}

function checkRealSize(data: Uint8Array, entry: ZipEntryInfo): Refusal | null {
  if (entry.method === 0) {
    return data.length === entry.size
      ? null
      : sizeLie(entry, `stored ${data.length} bytes`)
  }

  let inflated: Uint8Array
  try {
    // One byte of headroom shows an entry that goes on past its size.
    inflated = inflateRawSync(data, { maxOutputLength: entry.size + 1 })
  } catch (err) {
    const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'

    return tooBig
      ? sizeLie(entry, 'inflates past its declared size')
      : damaged(`${entry.name}: ${String(err)}`)
  }

  return inflated.length === entry.size
    ? null
    : sizeLie(entry, `inflates to ${inflated.length} bytes`)
}

export function hasWorkbookPart(entries: ZipEntryInfo[]): boolean {
  return entries.some((e) => e.name === 'xl/workbook.xml')
}

/** True when the bytes end in a ZIP directory that someone could open. */
export function containsZip(bytes: Uint8Array): boolean {
  const end = findEndOfDirectory(bytes)
  if (end < 0) return false
  const declaredStart = u32(bytes, end + 16)
  const actualStart = end - u32(bytes, end + 12)

  return (
    u32(bytes, declaredStart) === CENTRAL_SIGNATURE ||
    u32(bytes, actualStart) === CENTRAL_SIGNATURE
  )
}

function polyglot(bytes: Uint8Array, prefixLength: number): Refusal {
  return refuse(
    'polyglot',
    SEVERITY.hostile,
    'Filen er satt sammen av to filtyper (for eksempel en PDF med et ' +
      'ZIP-arkiv inni), og er avvist. Lagre regnearket på nytt fra ' +
      'Excel eller last ned originalen, og last opp den.',
    `${Math.max(prefixLength, 0)} bytes before the archive: ` +
      describeMagic(bytes),
  )
}

function damaged(detail: string): Refusal {
  return refuse(
    'zip-damaged',
    SEVERITY.damaged,
    'Regnearket er skadet og kan ikke åpnes. Åpne det i Excel, lagre det ' +
      'på nytt som .xlsx og last det opp igjen.',
    detail,
  )
}

function encrypted(): Refusal {
  return refuse(
    'zip-encrypted',
    SEVERITY.notAllowed,
    'Regnearket er passordbeskyttet. Fjern passordet i Excel, lagre og ' +
      'last det opp på nytt.',
  )
}

function tooManyEntries(count: number, max: number): Refusal {
  return refuse(
    'zip-too-many-entries',
    SEVERITY.hostile,
    `Regnearket består av ${count} deler; mer enn ${max} godtas ikke. ` +
      'Kontroller at du har valgt riktig fil.',
    `${count} entries`,
  )
}

function tooLarge(bytes: number, max: number): Refusal {
  return refuse(
    'zip-too-large',
    SEVERITY.hostile,
    'Regnearket blir for stort når det pakkes ut ' +
      `(over ${Math.floor(max / (1024 * 1024))} MB). Del det opp eller ` +
      'kontroller at du har valgt riktig fil.',
    `${bytes} declared bytes`,
  )
}

function bomb(entry: ZipEntryInfo, ratio: number): Refusal {
  return refuse(
    'zip-bomb',
    SEVERITY.hostile,
    'Regnearket inneholder en del som pakkes ut til over ' +
      `${ratio} ganger sin egen størrelse, slik en zip-bombe gjør, og er ` +
      'avvist. Lagre regnearket på nytt fra Excel og last det opp igjen.',
    `${entry.name}: ${entry.compressedSize} → ${entry.size} bytes`,
  )
}

function sizeLie(entry: ZipEntryInfo, what: string): Refusal {
  return refuse(
    'zip-size-mismatch',
    SEVERITY.hostile,
    'Regnearket oppgir feil størrelse på en av delene sine og er avvist. ' +
      'Lagre regnearket på nytt fra Excel og last det opp igjen.',
    `${entry.name}: declares ${entry.size} bytes, ${what}`,
  )
}

function entryPath(name: string): Refusal {
  return refuse(
    'zip-entry-path',
    SEVERITY.hostile,
    'Regnearket inneholder en del med en mappesti som peker ut av ' +
      'arkivet, og er avvist. Lagre regnearket på nytt fra Excel.',
    JSON.stringify(name),
  )
}
