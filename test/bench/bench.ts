import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InvoiceDraft } from '../../src/domain/invoice.js'
import { renderEhf } from '../helpers/generate/ehf.js'
import { makeInvoice } from '../helpers/generate/invoice.js'
import { renderTeliaPdf } from '../helpers/generate/pdf.js'
import { renderSpecXlsx } from '../helpers/generate/xlsx.js'
import { lastJsonLine, median, timeProcess } from './measure.js'
import { printTable, saveResults } from './output.js'
import type {
  Measured,
  OurFigures,
  ReferenceFigures,
  Result,
} from './output.js'
import type { ChildReport } from './read-child.js'
import { benchRegister } from './register.js'

/**
 * `npm run bench`: a 2,000-subscription invoice as PDF, XLSX and EHF, each
 * read through the real sandboxed reader and allocated in a fresh process,
 * beside the time a plain reference tool takes on the same file. Every
 * figure is a median of three runs; wall times are whole processes, start
 * to exit, for ours and the reference alike.
 */
const SUBSCRIPTIONS = 2_000
const SEED = 2026
const RUNS = 3
const PEAK_LIMIT_MB = 300

interface Format {
  name: 'PDF' | 'XLSX' | 'EHF'
  filename: string
  render(draft: InvoiceDraft): Promise<Uint8Array | string>
  reference: { tool: string; command: string; args(file: string): string[] }
  /** Our wall time may be at most this many times the reference's. */
  targetRatio: number
}

const here = fileURLToPath(new URL('.', import.meta.url))

const FORMATS: Format[] = [
  {
    name: 'PDF',
    filename: 'invoice.pdf',
    render: (draft) => renderTeliaPdf(draft),
    reference: {
      tool: 'pdftotext -layout',
      command: 'pdftotext',
      args: (file) => ['-layout', file, '/dev/null'],
    },
    targetRatio: 2,
  },
  {
    name: 'XLSX',
    filename: 'spesifikasjon.xlsx',
    render: (draft) => renderSpecXlsx(draft),
    reference: {
      tool: 'ExcelJS readFile',
      command: process.execPath,
      args: (file) => [join(here, 'exceljs-child.js'), file],
    },
    targetRatio: 0.7,
  },
  {
    name: 'EHF',
    filename: 'invoice-ehf.xml',
    render: async (draft) => renderEhf(draft),
    reference: {
      tool: 'xmllint --stream',
      command: 'xmllint',
      args: (file) => ['--noout', '--stream', file],
    },
    targetRatio: 2,
  },
]

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'telekost-bench-'))
  try {
    const draft = makeInvoice({ subscriptions: SUBSCRIPTIONS, seed: SEED })
    const register = join(dir, 'register.json')
    await writeFile(register, JSON.stringify(benchRegister(draft)))
    const results: Result[] = []
    for (const format of FORMATS) {
      results.push(await benchFormat(format, draft, dir, register))
    }
    const run = { subscriptions: SUBSCRIPTIONS, seed: SEED, runs: RUNS }
    printTable(run, results)
    await saveResults(run, results)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchFormat(
  format: Format,
  draft: InvoiceDraft,
  dir: string,
  register: string,
): Promise<Result> {
  const file = join(dir, format.filename)
  const written = await writeInvoice(format, draft, file)
  const target = { ratio: format.targetRatio, peakMb: PEAK_LIMIT_MB }
  if (!written.ok) {
    const none = { ok: false as const, reason: written.reason }
    return {
      format: format.name,
      fileBytes: null,
      ours: none,
      reference: { ...none, tool: format.reference.tool },
      ratio: null,
      target,
      met: null,
    }
  }

  const ours: ChildRun[] = []
  const reference: ReferenceRun[] = []
  for (let i = 0; i < RUNS; i++) {
    ours.push(await runOurs(file, register))
    reference.push(await runReference(format, file))
  }
  const oursFigures = summariseOurs(ours)
  const referenceFigures = summariseReference(reference)
  const ratio =
    oursFigures.ok && referenceFigures.ok
      ? oursFigures.wallMs / referenceFigures.wallMs
      : null

  return {
    format: format.name,
    fileBytes: (await stat(file)).size,
    ours: oursFigures,
    reference: { ...referenceFigures, tool: format.reference.tool },
    ratio,
    target,
    met:
      ratio === null || !oursFigures.ok
        ? null
        : ratio <= target.ratio && oursFigures.peakMb < target.peakMb,
  }
}

async function writeInvoice(
  format: Format,
  draft: InvoiceDraft,
  file: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await writeFile(file, await format.render(draft))
    return { ok: true }
  } catch (err) {
    return { ok: false, reason: `generator failed: ${(err as Error).message}` }
  }
}

interface ChildRun {
  wallMs: number
  report: ChildReport | null
  stderr: string
}

async function runOurs(file: string, register: string): Promise<ChildRun> {
  const child = join(here, 'read-child.js')
  const run = await timeProcess(process.execPath, [child, file, register])

  return {
    wallMs: run.wallMs,
    report: lastJsonLine<ChildReport>(run.stdout),
    stderr: run.stderr,
  }
}

function summariseOurs(runs: ChildRun[]): Measured<OurFigures> {
  const failed = runs.find((r) => !r.report?.ok)
  if (failed) {
    const why = failed.report?.reason ?? firstLine(failed.stderr)
    return { ok: false, reason: why || 'the reader process failed' }
  }
  const reports = runs.map((r) => r.report!)

  return {
    ok: true,
    wallMs: median(runs.map((r) => r.wallMs)),
    peakMb: Math.max(...reports.map((r) => r.maxRssKb)) / 1024,
    readMs: median(reports.map((r) => r.readMs ?? NaN)),
    allocateMs: median(reports.map((r) => r.allocateMs ?? NaN)),
    subscriptions: reports[0]!.subscriptions ?? 0,
    runs: runs.map((r) => r.wallMs),
  }
}

interface ReferenceRun {
  wallMs: number
  ok: boolean
  maxRssKb: number | null
  stderr: string
}

async function runReference(
  format: Format,
  file: string,
): Promise<ReferenceRun> {
  const { command, args } = format.reference
  const run = await timeProcess(command, args(file))
  const report = lastJsonLine<{ maxRssKb?: number }>(run.stdout)

  return {
    wallMs: run.wallMs,
    ok: run.code === 0,
    maxRssKb: report?.maxRssKb ?? null,
    stderr: run.stderr,
  }
}

function summariseReference(runs: ReferenceRun[]): Measured<ReferenceFigures> {
  const failed = runs.find((r) => !r.ok)
  if (failed) {
    const why = firstLine(failed.stderr)
    return { ok: false, reason: `reference not available: ${why}` }
  }
  const peaks = runs.map((r) => r.maxRssKb).filter((k) => k !== null)

  return {
    ok: true,
    wallMs: median(runs.map((r) => r.wallMs)),
    peakMb: peaks.length > 0 ? Math.max(...peaks) / 1024 : null,
    runs: runs.map((r) => r.wallMs),
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 120) ?? ''
}

await main()
