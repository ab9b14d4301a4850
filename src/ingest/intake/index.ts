import { fileTypeFromBuffer } from 'file-type'
import type { InvoiceFormat } from '../../domain/invoice.js'
import { ALLOWED_EXTENSIONS, UPLOAD_LIMITS } from '../limits.js'
import { inspectCfb } from './cfb.js'
import { checkFilename, extensionOf, sanitiseFilename } from './filename.js'
import { sniff } from './magic.js'
import type { Container } from './magic.js'
import { inspectPdf } from './pdf.js'
import { refuse, SEVERITY } from './refusal.js'
import type { Refusal } from './refusal.js'
import { inspectCsv, inspectXml } from './text.js'
import { containsZip, hasWorkbookPart, inspectZip } from './zip.js'

export { sanitiseFilename } from './filename.js'
export type { Refusal } from './refusal.js'

export type UploadKind = keyof typeof ALLOWED_EXTENSIONS
export type UploadFormat = InvoiceFormat | 'csv'

export interface Upload {
  filename: string
  bytes: Uint8Array
  kind: UploadKind
}

export type IntakeResult =
  { ok: true; format: UploadFormat; safeName: string } | Refusal

/** UPLOAD_LIMITS with room for a test or a deployment to change numbers. */
export type IntakeLimits = Widen<UploadLimitsUsed>
type UploadLimitsUsed = Pick<
  typeof UPLOAD_LIMITS,
  'maxFileBytes' | 'maxFilenameBytes' | 'zip' | 'cfb' | 'xml'
>
type Widen<T> = { [K in keyof T]: T[K] extends number ? number : Widen<T[K]> }

const FORMATS: Record<string, { format: UploadFormat; container: Container }> =
  {
    '.pdf': { format: 'pdf', container: 'pdf' },
    '.xlsx': { format: 'xlsx', container: 'zip' },
    '.xls': { format: 'xls', container: 'cfb' },
    '.xml': { format: 'ehf', container: 'xml' },
    '.csv': { format: 'csv', container: 'text' },
  }

/** What file-type may call each container without contradicting us. */
const FILE_TYPE_AGREES: Record<Container, Array<string | undefined>> = {
  pdf: ['pdf'],
  zip: ['xlsx', 'zip'],
  cfb: ['cfb'],
  xml: ['xml', undefined],
  text: [undefined],
  unknown: [],
}

/**
 * Everything an upload must pass before it is stored or parsed: a safe
 * name, an allowed extension, a size within limits, and bytes that are
 * what the extension says, checked inside the container as well.
 */
export async function checkUpload(
  upload: Upload,
  limits: IntakeLimits = UPLOAD_LIMITS,
): Promise<IntakeResult> {
  const { filename, bytes, kind } = upload
  const badName = checkFilename(filename, limits.maxFilenameBytes)
  if (badName) return badName

  const extension = extensionOf(filename)
  const allowed: readonly string[] = ALLOWED_EXTENSIONS[kind]
  const expected = FORMATS[extension]
  if (!allowed.includes(extension) || !expected) {
    return notAllowed(extension, allowed)
  }

  const refusal =
    checkSize(bytes, limits.maxFileBytes) ??
    checkContainer(bytes, expected.container, extension, limits) ??
    (await checkFileType(bytes, expected.container, extension))
  if (refusal) return refusal

  return {
    ok: true,
    format: expected.format,
    safeName: sanitiseFilename(filename),
  }
}

function checkSize(bytes: Uint8Array, maxBytes: number): Refusal | null {
  if (bytes.length === 0) {
    return refuse(
      'file-empty',
      SEVERITY.damaged,
      'Filen er tom. Velg filen på nytt og last den opp igjen.',
    )
  }
  if (bytes.length > maxBytes) {
    const mb = Math.floor(maxBytes / (1024 * 1024))

    return refuse(
      'file-too-large',
      SEVERITY.notAllowed,
      `Filen er større enn ${mb} MB, som er grensen for opplasting. ` +
        'Kontroller at du har valgt riktig fil.',
      `${bytes.length} bytes`,
    )
  }

  return null
}

function checkContainer(
  bytes: Uint8Array,
  expected: Container,
  extension: string,
  limits: IntakeLimits,
): Refusal | null {
  const found = sniff(bytes)
  if (found !== 'zip' && containsZip(bytes)) {
    return refuse(
      'polyglot',
      SEVERITY.hostile,
      'Filen er satt sammen av to filtyper (et ZIP-arkiv skjult i en ' +
        'annen fil), og er avvist. Last ned originalen og last den opp.',
      `${found} with a ZIP directory at the end`,
    )
  }
  if (found !== expected) return mismatch(extension, found)

  return inspectInside(bytes, expected, limits)
}

function inspectInside(
  bytes: Uint8Array,
  container: Container,
  limits: IntakeLimits,
): Refusal | null {
  switch (container) {
    case 'pdf':
      return inspectPdf(bytes)
    case 'zip':
      return inspectXlsx(bytes, limits)
    case 'cfb': {
      const result = inspectCfb(bytes, limits.cfb.maxSectors)
      return result.ok ? null : result
    }
    case 'xml':
      return inspectXml(bytes, limits.xml.maxBytes)
    default:
      return inspectCsv(bytes)
  }
}

function inspectXlsx(bytes: Uint8Array, limits: IntakeLimits): Refusal | null {
  const result = inspectZip(bytes, limits.zip)
  if (!result.ok) return result
  if (hasWorkbookPart(result.entries)) return null

  return refuse(
    'xlsx-no-workbook',
    SEVERITY.mismatch,
    'Filen heter .xlsx, men er ikke et Excel-regneark (den mangler ' +
      'arbeidsboken). Lagre regnearket fra Excel som .xlsx og prøv igjen.',
  )
}

async function checkFileType(
  bytes: Uint8Array,
  container: Container,
  extension: string,
): Promise<Refusal | null> {
  const detected = await fileTypeFromBuffer(bytes)
  if (FILE_TYPE_AGREES[container].includes(detected?.ext)) return null

  return mismatch(extension, 'unknown', `file-type says ${detected?.ext}`)
}

const CONTAINER_NAMES: Record<Container, string> = {
  pdf: 'en PDF',
  zip: 'et ZIP-arkiv eller .xlsx-regneark',
  cfb: 'et gammelt Office-dokument (.xls/.doc)',
  xml: 'en XML-fil',
  text: 'en tekstfil',
  unknown: 'en ukjent filtype',
}

function mismatch(extension: string, found: Container, detail = ''): Refusal {
  return refuse(
    'extension-mismatch',
    SEVERITY.mismatch,
    `Filen heter ${extension}, men innholdet er ${CONTAINER_NAMES[found]}. ` +
      'Kontroller at du har valgt riktig fil, og at filendelsen ikke er ' +
      'endret for hånd.',
    detail || `content sniffed as ${found}`,
  )
}

function notAllowed(extension: string, allowed: readonly string[]): Refusal {
  return refuse(
    'file-type-not-allowed',
    SEVERITY.notAllowed,
    `Filtypen ${extension || '(uten filendelse)'} kan ikke lastes opp her. ` +
      `Tillatt: ${allowed.join(', ')}.`,
    extension,
  )
}
