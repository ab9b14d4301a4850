import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  claimJob,
  failAbandonedJobs,
  findJob,
  finishJob,
  insertJob,
  LostClaimError,
  recordJobError,
  releaseJob,
  renewLease,
} from '../../src/store/jobs.js'
import type { ClaimOptions } from '../../src/store/jobs.js'
import { freshContext } from '../helpers/context.js'

type Context = Awaited<ReturnType<typeof freshContext>>

const LEASE_MS = 60_000

function options(context: Context, instanceId: string): ClaimOptions {
  return {
    instanceId,
    leaseMs: LEASE_MS,
    maxAttempts: 3,
    postgres: context.config.databaseUrl !== null,
  }
}

function later(ms: number): Date {
  return new Date(Date.now() + ms)
}

describe('claiming jobs', () => {
  let context: Context
  beforeEach(async () => {
    context = await freshContext()
  })
  afterEach(() => context.close())

  it('gives one pending job to exactly one of ten claimants at once', async () => {
    await insertJob(context.db, { kind: 'test', payload: {} })
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        claimJob(context.db, options(context, `instance-${i}`)),
      ),
    )

    assert.equal(claims.filter((c) => c !== null).length, 1)
  })

  it('hands each of 30 jobs to one claimant when five claim in turns', async () => {
    const ids = []
    for (let i = 0; i < 30; i++) {
      ids.push(await insertJob(context.db, { kind: 'test', payload: { i } }))
    }
    const claimed: string[] = []
    const claimant = async (name: string) => {
      for (;;) {
        const job = await claimJob(context.db, options(context, name))
        if (!job) return
        claimed.push(job.id)
      }
    }
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(claimant))

    assert.deepEqual([...claimed].sort(), [...ids].sort())
  })

  it('marks a claimed job running, with the claimant, one attempt and a lease', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: { n: 1 } })
    const job = await claimJob(context.db, options(context, 'one'))

    assert.deepEqual(
      [job?.id, job?.status, job?.claimedBy, job?.attempts, job?.payload],
      [id, 'running', 'one', 1, { n: 1 }],
    )
    assert.ok(Date.parse(job!.leaseUntil!) > Date.now() + LEASE_MS / 2)
  })

  it('leaves a running job alone while its lease holds', async () => {
    await insertJob(context.db, { kind: 'test', payload: {} })
    await claimJob(context.db, options(context, 'one'))
    const second = await claimJob(context.db, {
      ...options(context, 'two'),
      now: later(LEASE_MS - 1_000),
    })

    assert.equal(second, null)
  })

  it('hands a running job to another instance once its lease has run out', async () => {
    await insertJob(context.db, { kind: 'test', payload: {} })
    await claimJob(context.db, options(context, 'dead'))
    const taken = await claimJob(context.db, {
      ...options(context, 'alive'),
      now: later(LEASE_MS + 1_000),
    })

    assert.deepEqual([taken?.claimedBy, taken?.attempts], ['alive', 2])
  })

  it('claims only the named job when asked for one', async () => {
    await insertJob(context.db, { kind: 'test', payload: {} })
    const wanted = await insertJob(context.db, { kind: 'test', payload: {} })
    const job = await claimJob(context.db, {
      ...options(context, 'one'),
      id: wanted,
    })

    assert.equal(job?.id, wanted)
  })

  it('refuses to finish a job whose claim was taken over, storing nothing', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: {} })
    const first = await claimJob(context.db, options(context, 'slow'))
    await claimJob(context.db, {
      ...options(context, 'fast'),
      now: later(LEASE_MS + 1_000),
    })
    const claim = { id, instanceId: 'slow', attempt: first!.attempts }
    const finishing = context.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cost_centres')
        .values({ code: 'SLOW', name: 'Slow', active: 1, created_at: 'x' })
        .execute()
      await finishJob(trx, claim, { status: 'done', result: {} })
    })

    await assert.rejects(finishing, LostClaimError)
    const rows = await context.db
      .selectFrom('cost_centres')
      .selectAll()
      .where('code', '=', 'SLOW')
      .execute()
    assert.deepEqual(rows, [])
  })

  it('renews a lease only for the claim that holds it', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: {} })
    const job = await claimJob(context.db, options(context, 'one'))
    const held = await renewLease(
      context.db,
      { id, instanceId: 'one', attempt: job!.attempts },
      LEASE_MS,
    )
    const stranger = await renewLease(
      context.db,
      { id, instanceId: 'two', attempt: job!.attempts },
      LEASE_MS,
    )

    assert.deepEqual([held, stranger], [true, false])
  })

  it('gives a released job back as pending without counting the attempt', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: {} })
    const job = await claimJob(context.db, options(context, 'one'))
    await releaseJob(context.db, { id, instanceId: 'one', attempt: 1 })
    const after = await findJob(context.db, id)

    assert.deepEqual(
      [job?.status, after?.status, after?.attempts, after?.claimedBy],
      ['running', 'pending', 0, null],
    )
  })

  it('stops a job that failed on its last attempt, saying why', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: {} })
    const opts = { ...options(context, 'one'), maxAttempts: 2 }
    const statuses = []
    for (let attempt = 1; attempt <= 2; attempt++) {
      await claimJob(context.db, opts)
      const claim = { id, instanceId: 'one', attempt }
      statuses.push(
        await recordJobError(context.db, claim, 'the disk is on fire', {
          maxAttempts: 2,
          retryMs: 0,
        }),
      )
    }
    const job = await findJob(context.db, id)

    assert.deepEqual(statuses, ['pending', 'failed'])
    assert.match(job!.error!, /etter 2 forsøk.*the disk is on fire/)
  })

  it('fails a job abandoned on its last attempt instead of trying again', async () => {
    const id = await insertJob(context.db, { kind: 'test', payload: {} })
    await claimJob(context.db, { ...options(context, 'dead'), maxAttempts: 1 })
    const stopped = await failAbandonedJobs(context.db, 1, later(LEASE_MS * 2))
    const job = await findJob(context.db, id)

    assert.deepEqual([stopped, job?.status], [1, 'failed'])
    assert.match(job!.error!, /avbrutt 1 ganger/)
  })
})
