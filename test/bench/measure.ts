import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'

export interface ProcessRun {
  wallMs: number
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end, timing it from spawn to exit. */
export function timeProcess(
  command: string,
  args: readonly string[],
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', (e) => {
      resolve({ wallMs: NaN, code: null, stdout: '', stderr: e.message })
    })
    child.on('close', (code) => {
      resolve({
        wallMs: performance.now() - started,
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
}

/** The last JSON line a child printed, or null. */
export function lastJsonLine<T>(stdout: string): T | null {
  const line = stdout.trim().split('\n').at(-1)
  if (!line) return null
  try {
    return JSON.parse(line) as T
  } catch {
    return null
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)

  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2
}
