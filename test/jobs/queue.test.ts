import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { afterEach, describe, it } from 'node:test'
import pino from 'pino'
import type { Config } from '../../src/config.js'
import { JobQueue } from '../../src/jobs/queue.js'
import {
  acceptInvoiceUpload,
  READ_INVOICE,
  readInvoiceHandler,
  uploadOutcomeOf,
} from '../../src/jobs/read-invoice.js'
import { claimJob, findJob, insertJob, listJobs } from '../../src/store/jobs.js'
import { freshContext } from '../helpers/context.js'
import { fixture } from '../helpers/paths.js'

type Context = Awaited<ReturnType<typeof freshContext>>

const silent = pino({ level: 'silent' })

function november(file = 'invoice.pdf') {
  return {
    filename: file,
    safeName: file,
    bytes: new Uint8Array(readFileSync(fixture('telia', '2026-11', file))),
    userId: null,
  }
}

function queue(context: Context, overrides: Partial<QueueSettings> = {}) {
  return new JobQueue({
    ...settings(context),
    handlers: { [READ_INVOICE]: readInvoiceHandler(context) },
    ...overrides,
  })
}

type QueueSettings = ConstructorParameters<typeof JobQueue>[0]

async function invoiceCount(context: Context): Promise<number> {
  const rows = await context.db.selectFrom('invoices').select('id').execute()
  return rows.length
}

async function until<T>(what: () => Promise<T | null>, ms = 20_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await what()
    if (value) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('the job queue', () => {
  let context: Context
  let queues: JobQueue[] = []
  const open = async (overrides: Partial<Config> = {}) => {
    context = await freshContext(overrides)
  }
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.stop()))
    queues = []
    await context.close()
  })

  it('reads an accepted upload it claims at once and stores one invoice', async () => {
    await open()
    const jobs = queue(context)
    queues.push(jobs)
    const id = await acceptInvoiceUpload(context, november())
    await jobs.runNow(id)
    const job = await jobs.waitFor(id, 30_000)
    const outcome = uploadOutcomeOf(job!)

    assert.deepEqual([job?.status, job?.attempts], ['done', 1])
    assert.ok(outcome?.ok)
    assert.equal(job?.invoiceId, outcome.invoiceId)
    assert.equal(await invoiceCount(context), 1)
  })

  it('takes over a job whose instance died mid-read, storing the invoice once', async () => {
    await open()
    const id = await acceptInvoiceUpload(context, november())
    // An instance claimed it with a short lease and died before storing.
    await claimJob(context.db, {
      instanceId: 'dead',
      leaseMs: 200,
      maxAttempts: 3,
      postgres: context.config.databaseUrl !== null,
    })
    assert.equal(await invoiceCount(context), 0)
    const survivor = queue(context)
    queues.push(survivor)
    survivor.start()
    const job = await until(async () => {
      const found = await findJob(context.db, id)
      return found?.status === 'done' ? found : null
    })

    assert.deepEqual([job.attempts, job.claimedBy], [2, survivor.instanceId])
    assert.equal(await invoiceCount(context), 1)
  })

  it('refuses a second copy of an invoice through its job and deletes the copy', async () => {
    await open()
    const jobs = queue(context)
    queues.push(jobs)
    const first = await acceptInvoiceUpload(context, november())
    await jobs.runNow(first)
    await jobs.waitFor(first, 30_000)
    const second = await acceptInvoiceUpload(context, november())
    await jobs.runNow(second)
    const job = await jobs.waitFor(second, 30_000)
    const files = await context.db
      .selectFrom('stored_files')
      .select('id')
      .execute()

    assert.equal(job?.status, 'failed')
    assert.match(job!.error!, /allerede lastet opp/)
    assert.equal(files.length, 1)
  })

  it('stops a job that keeps failing after the set attempts, and keeps running', async () => {
    await open()
    let calls = 0
    const jobs = new JobQueue({
      ...settings(context),
      handlers: {
        broken: async () => {
          calls++
          throw new Error('the reader fell over')
        },
      },
      maxAttempts: 3,
    })
    queues.push(jobs)
    const id = await insertJob(context.db, { kind: 'broken', payload: {} })
    jobs.start()
    const job = await until(async () => {
      const found = await findJob(context.db, id)
      return found?.status === 'failed' ? found : null
    })

    assert.deepEqual([calls, job.attempts], [3, 3])
    assert.match(job.error!, /etter 3 forsøk.*the reader fell over/)
  })

  it('gives running jobs back at shutdown once the drain time is up', async () => {
    await open({ testJobDelayMs: 60_000 })
    const jobs = queue(context, { drainMs: 100 })
    const id = await acceptInvoiceUpload(context, november())
    await jobs.runNow(id)
    await jobs.stop()
    const job = await findJob(context.db, id)

    assert.deepEqual(
      [job?.status, job?.attempts, job?.claimedBy],
      ['pending', 0, null],
    )
    assert.equal(await invoiceCount(context), 0)
  })

  it('lets running jobs finish at shutdown within the drain time', async () => {
    await open({ testJobDelayMs: 300 })
    const jobs = queue(context, { drainMs: 30_000 })
    const id = await acceptInvoiceUpload(context, november())
    await jobs.runNow(id)
    await jobs.stop()
    const job = await findJob(context.db, id)

    assert.equal(job?.status, 'done')
  })

  it('claims nothing once stopped', async () => {
    await open()
    const jobs = queue(context)
    await jobs.stop()
    await acceptInvoiceUpload(context, november())
    const claimed = await jobs.runNow((await listJobs(context.db))[0]!.id)

    assert.equal(claimed, false)
  })
})

function settings(context: Context): QueueSettings {
  return {
    db: context.db,
    log: silent,
    handlers: {},
    postgres: context.config.databaseUrl !== null,
    leaseMs: 60_000,
    pollMs: 50,
    maxAttempts: 3,
    concurrency: 2,
    drainMs: 5_000,
    retryMs: 0,
  }
}
