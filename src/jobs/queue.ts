import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import type { Db } from '../store/db.js'
import {
  claimJob,
  failAbandonedJobs,
  findJob,
  LostClaimError,
  recordJobError,
  releaseJob,
  renewLease,
} from '../store/jobs.js'
import type { Claim, Job } from '../store/jobs.js'

/**
 * Does one job. It must end the job itself with `finishJob` inside the
 * transaction that stores its work, so the work and the job's end commit
 * together. It should stop before storing once `signal` is aborted.
 */
export type JobHandler = (job: Job, run: JobRun) => Promise<void>

export interface JobRun {
  claim: Claim
  signal: AbortSignal
  log: Logger
}

export interface QueueOptions {
  db: Db
  log: Logger
  handlers: Record<string, JobHandler>
  postgres: boolean
  leaseMs: number
  pollMs: number
  maxAttempts: number
  concurrency: number
  /** On shutdown, how long running jobs get before they are released. */
  drainMs: number
  /** How long a failed job waits before it is tried again. */
  retryMs?: number
  instanceId?: string
}

/** What this instance's queue has done since it started. */
export interface QueueStats {
  claimed: number
  done: number
  failed: number
  retried: number
  released: number
}

/**
 * Claims and runs jobs through the database, so any number of instances
 * can share the work and each job runs once at a time. A job that throws
 * is logged and tried again later; it never takes the process down.
 */
export class JobQueue {
  readonly instanceId: string
  readonly stats: QueueStats = {
    claimed: 0,
    done: 0,
    failed: 0,
    retried: 0,
    released: 0,
  }
  readonly #options: QueueOptions
  readonly #controller = new AbortController()
  readonly #running = new Map<string, Promise<void>>()
  #timer: NodeJS.Timeout | null = null
  #polling: Promise<void> | null = null
  #stopping: Promise<void> | null = null

  constructor(options: QueueOptions) {
    this.#options = options
    this.instanceId = options.instanceId ?? newInstanceId()
  }

  get running(): number {
    return this.#running.size
  }

  /** Looks for unclaimed and abandoned jobs every `pollMs` from now on. */
  start(): void {
    if (this.#timer || this.#stopping) return

    this.#timer = setInterval(() => void this.poll(), this.#options.pollMs)
    this.#timer.unref()
    void this.poll()
  }

  /** Claims this job at once if nobody has; false when someone has. */
  async runNow(id: string): Promise<boolean> {
    if (this.#stopping) return false

    const job = await this.#claim(id)
    if (job) this.#run(job)

    return job !== null
  }

  /** One round: stops abandoned jobs, then claims while there is room. */
  poll(): Promise<void> {
    this.#polling ??= this.#pollOnce().finally(() => {
      this.#polling = null
    })

    return this.#polling
  }

  async #pollOnce(): Promise<void> {
    const { db, maxAttempts, concurrency, log } = this.#options
    try {
      const stopped = await failAbandonedJobs(db, maxAttempts)
      if (stopped > 0) log.error({ stopped }, 'jobs stopped after attempts')
      while (!this.#stopping && this.#running.size < concurrency) {
        const job = await this.#claim()
        if (!job) break
        this.#run(job)
      }
    } catch (err) {
      log.warn({ err }, 'could not look for jobs')
    }
  }

  /**
   * The job once it is done or failed, or as it stands when `timeoutMs`
   * runs out first; null when there is no such job.
   */
  async waitFor(id: string, timeoutMs: number): Promise<Job | null> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const job = await findJob(this.#options.db, id)
      if (!job || job.status === 'done' || job.status === 'failed') return job

      const left = deadline - Date.now()
      if (left <= 0) return job
      const local = this.#running.get(id)
      await Promise.race([
        sleep(Math.min(left, 200)),
        ...(local ? [local] : []),
      ])
    }
  }

  /**
   * Stops claiming, gives running jobs `drainMs` to finish, then aborts
   * them: each gives its job back for another instance to take.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#drain()

    return this.#stopping
  }

  async #drain(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    await this.#polling
    const all = () => Promise.allSettled([...this.#running.values()])
    const timer = sleep(this.#options.drainMs, undefined, { ref: false })
    await Promise.race([all(), timer])
    if (this.#running.size > 0) {
      this.#options.log.warn(
        { running: this.#running.size },
        'releasing running jobs at shutdown',
      )
      this.#controller.abort()
      await all()
    }
  }

  async #claim(id?: string): Promise<Job | null> {
    const { db, leaseMs, maxAttempts, postgres } = this.#options
    const job = await claimJob(db, {
      instanceId: this.instanceId,
      leaseMs,
      maxAttempts,
      postgres,
      ...(id ? { id } : {}),
    })
    if (job) this.stats.claimed++

    return job
  }

  #run(job: Job): void {
    const done = this.#execute(job).finally(() => this.#running.delete(job.id))
    this.#running.set(job.id, done)
  }

  async #execute(job: Job): Promise<void> {
    const claim = {
      id: job.id,
      instanceId: this.instanceId,
      attempt: job.attempts,
    }
    const log = this.#options.log.child({
      jobId: job.id,
      kind: job.kind,
      attempt: job.attempts,
      ...requestIdOf(job),
    })
    const lost = new AbortController()
    const signal = AbortSignal.any([this.#controller.signal, lost.signal])
    const renewal = this.#keepLease(claim, lost, log)
    try {
      const handler = this.#options.handlers[job.kind]
      if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`)
      await handler(job, { claim, signal, log })
      this.stats.done++
    } catch (err) {
      await this.#afterError(claim, err, signal, log)
    } finally {
      clearInterval(renewal)
    }
  }

  /** Renews the lease while the job runs; aborts it once the lease is lost. */
  #keepLease(claim: Claim, lost: AbortController, log: Logger) {
    const { db, leaseMs } = this.#options
    const timer = setInterval(() => {
      renewLease(db, claim, leaseMs).then(
        (held) => {
          if (held) return
          log.warn('lost the lease on a running job')
          lost.abort()
        },
        (err: unknown) => log.warn({ err }, 'could not renew a job lease'),
      )
    }, leaseMs / 3)
    timer.unref()

    return timer
  }

  async #afterError(
    claim: Claim,
    err: unknown,
    signal: AbortSignal,
    log: Logger,
  ): Promise<void> {
    const { db, maxAttempts, retryMs = 5_000 } = this.#options
    try {
      if (err instanceof LostClaimError) {
        log.warn('another instance took the job over; nothing stored')
      } else if (signal.aborted && this.#controller.signal.aborted) {
        await releaseJob(db, claim)
        this.stats.released++
        log.warn('gave the job back at shutdown')
      } else {
        const message = err instanceof Error ? err.message : String(err)
        const status = await recordJobError(db, claim, message, {
          maxAttempts,
          retryMs,
        })
        this.stats[status === 'failed' ? 'failed' : 'retried']++
        log.error({ err, status }, 'job failed')
      }
    } catch (recordErr) {
      // The lease runs out and another instance takes the job over.
      log.error({ err, recordErr }, 'job failed and could not be recorded')
    }
  }
}

function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

function requestIdOf(job: Job): { requestId?: string } {
  const payload = job.payload as { requestId?: unknown } | null
  const id = payload?.requestId

  return typeof id === 'string' ? { requestId: id } : {}
}
