import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { allocateInvoice } from '../../src/domain/allocation.js'
import type { Assignment } from '../../src/domain/allocation.js'
import type { InvoiceDraft, Problem } from '../../src/domain/invoice.js'

/**
 * Runs in its own process, so its peak memory is one file's: reads the file
 * through the real sandboxed reader, allocates it against the register and
 * prints what it measured as one JSON line.
 *
 *   node read-child.js <invoice file> <register.json>
 */
type ReadInvoiceFile = (request: {
  filename: string
  bytes: Uint8Array
  options: object
}) => Promise<
  { ok: true; draft: InvoiceDraft } | { ok: false; problems: Problem[] }
>

export interface ChildReport {
  ok: boolean
  reason?: string
  readMs?: number
  allocateMs?: number
  subscriptions?: number
  parts?: number
  maxRssKb: number
}

async function main(): Promise<ChildReport> {
  const [file, registerFile] = process.argv.slice(2)
  const reader = await loadReader()
  if (!reader) return { ok: false, reason: 'reader not available', ...rss() }

  const bytes = await readFile(file!)
  const register = JSON.parse(await readFile(registerFile!, 'utf8'))
  const started = performance.now()
  const read = await reader({
    filename: file!.split('/').at(-1)!,
    bytes,
    options: {},
  })
  const readMs = performance.now() - started
  if (!read.ok) {
    const codes = read.problems.map((p) => p.code).join(', ')
    return { ok: false, reason: `read failed: ${codes}`, ...rss() }
  }

  const parts = allocate(read.draft, register as Assignment[])

  return {
    ok: true,
    readMs,
    allocateMs: performance.now() - started - readMs,
    subscriptions: read.draft.subscriptions.length,
    parts,
    ...rss(),
  }
}

/** The reader may not be built yet; the bench says so instead of failing. */
async function loadReader(): Promise<ReadInvoiceFile | null> {
  const url = new URL('../../src/ingest/read-invoice.js', import.meta.url)
  try {
    const module = (await import(url.href)) as {
      readInvoiceFile?: ReadInvoiceFile
    }
    return module.readInvoiceFile ?? null
  } catch {
    return null
  }
}

function allocate(draft: InvoiceDraft, assignments: Assignment[]): number {
  const parts = allocateInvoice(draft, {
    assignments,
    rules: [],
    suspenseCostCentre: 'UNMATCHED',
    fallbackDate: draft.header.issueDate ?? '2026-11-06',
  })

  return parts.length
}

function rss(): { maxRssKb: number } {
  return { maxRssKb: process.resourceUsage().maxRSS }
}

process.stdout.write(`${JSON.stringify(await main())}\n`)
