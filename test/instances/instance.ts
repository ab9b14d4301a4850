import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from '../../src/security/repo-root.js'

/** One real `telekost serve` process on a loopback port. */
export interface Instance {
  name: string
  url: string
  child: ChildProcess
  /** What it wrote, for the message when something goes wrong. */
  output(): string
  /** SIGTERM, and wait for it to end. */
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no port')

  return address.port
}

/**
 * Starts `node bin/telekost.js serve` with only the given environment
 * (and PATH), and waits until /api/health answers.
 */
export async function startInstance(
  name: string,
  env: Record<string, string>,
): Promise<Instance> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'telekost.js'), 'serve'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  )
  await untilHealthy(url, child, () => output)

  return {
    name,
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
      }
      await exited
    },
  }
}

async function untilHealthy(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the instance exited early:\n${output()}`)
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`the instance did not start in 30 s:\n${output()}`)
}
