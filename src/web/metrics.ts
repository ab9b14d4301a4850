import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../services/context.js'
import { countJobsByStatus } from '../store/jobs.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/** Latency buckets in seconds, from a page render to a big upload. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

const UPLOAD_ROUTES = new Set([
  'POST /api/v1/invoices',
  'POST /invoices/upload',
])

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

/** Counters kept by one instance since it started; Prometheus sums them. */
export class Metrics {
  readonly requests = new Map<string, number>()
  readonly latency = new Map<string, Histogram>()
  readonly uploads = new Map<string, number>()

  observe(method: string, route: string, status: number, seconds: number) {
    const labels = `method="${method}",route="${escape(route)}"`
    const counted = `${labels},status="${status}"`
    this.requests.set(counted, (this.requests.get(counted) ?? 0) + 1)
    const histogram = this.latency.get(labels) ?? emptyHistogram()
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram.counts[i]!++
    })
    histogram.sum += seconds
    histogram.count++
    this.latency.set(labels, histogram)
    if (UPLOAD_ROUTES.has(`${method} ${route}`)) {
      const outcome = uploadOutcome(status)
      this.uploads.set(outcome, (this.uploads.get(outcome) ?? 0) + 1)
    }
  }
}

function emptyHistogram(): Histogram {
  return { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }
}

function uploadOutcome(status: number): string {
  if (status === 201 || status === 303) return 'stored'
  if (status === 202) return 'pending'
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'error'

  return 'refused'
}

/** Counts every answer by route template (never the raw URL) and status. */
export function installMetrics(app: FastifyInstance): Metrics {
  const metrics = new Metrics()
  app.decorate('metrics', metrics)
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.observe(
      request.method,
      route,
      reply.statusCode,
      reply.elapsedTime / 1000,
    )
  })

  return metrics
}

/** The metrics in Prometheus' text format, version 0.0.4. */
export async function renderMetrics(
  metrics: Metrics,
  context: AppContext,
): Promise<string> {
  const lines: string[] = []
  counter(lines, 'telekost_http_requests_total', 'Answers by route and status')
  for (const [labels, n] of metrics.requests) {
    lines.push(`telekost_http_requests_total{${labels}} ${n}`)
  }
  histogram(lines, metrics)
  counter(lines, 'telekost_uploads_total', 'Invoice uploads by outcome')
  for (const [outcome, n] of metrics.uploads) {
    lines.push(`telekost_uploads_total{outcome="${outcome}"} ${n}`)
  }
  await jobLines(lines, context)
  memoryLines(lines)

  return `${lines.join('\n')}\n`
}

function counter(lines: string[], name: string, help: string) {
  lines.push(`# HELP ${name} ${help}.`, `# TYPE ${name} counter`)
}

function gauge(lines: string[], name: string, help: string) {
  lines.push(`# HELP ${name} ${help}.`, `# TYPE ${name} gauge`)
}

function histogram(lines: string[], metrics: Metrics) {
  const name = 'telekost_http_request_duration_seconds'
  lines.push(
    `# HELP ${name} Time to answer, by route.`,
    `# TYPE ${name} histogram`,
  )
  for (const [labels, h] of metrics.latency) {
    BUCKETS.forEach((le, i) => {
      lines.push(`${name}_bucket{${labels},le="${le}"} ${h.counts[i]}`)
    })
    lines.push(
      `${name}_bucket{${labels},le="+Inf"} ${h.count}`,
      `${name}_sum{${labels}} ${h.sum}`,
      `${name}_count{${labels}} ${h.count}`,
    )
  }
}

async function jobLines(lines: string[], context: AppContext) {
  gauge(lines, 'telekost_jobs', 'Jobs in the database by status')
  const counts = await countJobsByStatus(context.db).catch(() => null)
  for (const [status, n] of Object.entries(counts ?? {})) {
    lines.push(`telekost_jobs{status="${status}"} ${n}`)
  }
  counter(lines, 'telekost_jobs_run_total', 'Jobs this instance ran')
  for (const [outcome, n] of Object.entries(context.jobs.stats)) {
    lines.push(`telekost_jobs_run_total{outcome="${outcome}"} ${n}`)
  }
  gauge(lines, 'telekost_jobs_running', 'Jobs running on this instance')
  lines.push(`telekost_jobs_running ${context.jobs.running}`)
}

function memoryLines(lines: string[]) {
  const memory = process.memoryUsage()
  gauge(lines, 'process_resident_memory_bytes', 'Resident memory')
  lines.push(`process_resident_memory_bytes ${memory.rss}`)
  gauge(lines, 'nodejs_heap_used_bytes', 'V8 heap in use')
  lines.push(`nodejs_heap_used_bytes ${memory.heapUsed}`)
  gauge(lines, 'nodejs_external_memory_bytes', 'Memory outside the heap')
  lines.push(`nodejs_external_memory_bytes ${memory.external}`)
  gauge(lines, 'process_uptime_seconds', 'Seconds since the process started')
  lines.push(`process_uptime_seconds ${Math.round(process.uptime())}`)
}

function escape(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')
}

export interface MetricsServer {
  /** `http://127.0.0.1:9464`. */
  address: string
  close(): Promise<void>
}

/**
 * Serves GET /metrics on its own port, loopback by default: the scraper
 * reaches it inside the deployment, and it is never behind the proxy.
 */
export async function startMetricsServer(
  app: FastifyInstance,
  context: AppContext,
  options: { host: string; port: number },
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end()
      return
    }
    renderMetrics(app.metrics, context).then(
      (text) => {
        response.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        })
        response.end(text)
      },
      (err: unknown) => {
        context.log.error({ err }, 'could not render metrics')
        response.writeHead(500).end()
      },
    )
  })
  await listen(server, options)
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address

  return {
    address: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function listen(server: Server, options: { host: string; port: number }) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
}
