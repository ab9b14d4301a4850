import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../helpers/paths.js'

/** The bench's figures: a table for people, JSON for tools. */
export interface BenchRun {
  subscriptions: number
  seed: number
  runs: number
}

export type Measured<T> = ({ ok: true } & T) | { ok: false; reason: string }

export interface OurFigures {
  wallMs: number
  peakMb: number
  readMs: number
  allocateMs: number
  subscriptions: number
  runs: number[]
}

export interface ReferenceFigures {
  wallMs: number
  peakMb: number | null
  runs: number[]
}

export interface Result {
  format: 'PDF' | 'XLSX' | 'EHF'
  fileBytes: number | null
  ours: Measured<OurFigures>
  reference: Measured<ReferenceFigures> & { tool: string }
  ratio: number | null
  target: { ratio: number; peakMb: number }
  met: boolean | null
}

export function printTable(run: BenchRun, results: readonly Result[]): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(
    `Telekost bench: ${run.subscriptions} subscriptions, seed ${run.seed}, ` +
      `median of ${run.runs} runs; Node ${process.version}, ${cpus().length} × ${cpu}`,
  )
  const rows = results.map(tableRow)
  const header = [
    'format',
    'file',
    'our wall ms',
    'peak MB',
    'reference',
    'ref ms',
    'ratio',
    'target',
    'met',
  ]
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i]!.length)),
  )
  const line = (cells: string[]) =>
    cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) console.log(line(row))
  for (const r of results) {
    if (!r.ours.ok) console.log(`${r.format}: ${r.ours.reason}`)
    if (!r.reference.ok) console.log(`${r.format}: ${r.reference.reason}`)
    if (r.ours.ok) {
      console.log(
        `${r.format}: read ${r.ours.readMs.toFixed(0)} ms and allocate ` +
          `${r.ours.allocateMs.toFixed(0)} ms inside the process; ` +
          `${r.ours.subscriptions} subscriptions read`,
      )
    }
  }
}

function tableRow(r: Result): string[] {
  const size =
    r.fileBytes === null ? '—' : `${(r.fileBytes / 1024).toFixed(0)} KiB`
  const target = `≤ ${r.target.ratio}× ref, < ${r.target.peakMb} MB`

  return [
    r.format,
    size,
    r.ours.ok ? r.ours.wallMs.toFixed(0) : shortReason(r.ours.reason),
    r.ours.ok ? r.ours.peakMb.toFixed(0) : '—',
    r.reference.tool,
    r.reference.ok ? r.reference.wallMs.toFixed(0) : '—',
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    target,
    r.met === null ? '—' : r.met ? 'yes' : 'no',
  ]
}

function shortReason(reason: string): string {
  return reason === 'reader not available' ? reason : 'failed (see below)'
}

export async function saveResults(
  run: BenchRun,
  results: readonly Result[],
): Promise<void> {
  const dir = join(repoRoot, 'bench-out')
  await mkdir(dir, { recursive: true })
  const file = join(dir, 'results.json')
  const body = {
    at: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? null,
    ...run,
    results,
  }
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`)
  console.log(`figures written to ${file}`)
}
