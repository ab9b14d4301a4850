import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { loadConfig } from '../../src/config.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { keyId } from '../../src/store/crypto.js'
import { repoRoot } from '../helpers/paths.js'
import { scratch, writeKey } from './doctor-env.js'
import type { Scratch } from './doctor-env.js'

const cli = join(repoRoot, 'bin', 'telekost.js')

function telekost(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: repoRoot, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, out: stdout + stderr })
      },
    )
  })
}

async function withContext<T>(
  env: Record<string, string>,
  run: (context: AppContext) => Promise<T>,
): Promise<T> {
  const context = await openContext(loadConfig(env))
  try {
    return await run(context)
  } finally {
    await closeContext(context)
  }
}

function securityEvents(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('telekost keys', () => {
  let s: Scratch
  let env: Record<string, string>
  let files: Array<{ id: string; keyId: string; bytes: Buffer }>

  beforeEach(async () => {
    s = scratch()
    env = {
      TELEKOST_DATA_DIR: s.dataDir,
      TELEKOST_MASTER_KEY_FILE: s.keyFile,
      TELEKOST_SECURITY_LOG: join(s.dir, 'security.log'),
      LOG_LEVEL: 'silent',
    }
    files = await withContext(env, async (context) => {
      const stored = []
      for (const size of [10, 2000]) {
        const bytes = randomBytes(size)
        stored.push({ ...(await context.vault.put(bytes)), bytes })
      }
      return stored
    })
  })
  afterEach(() => s.close())

  it('rewrap leaves every file readable under the new master key only', async () => {
    const newFile = join(s.dir, 'secrets', 'next.key')
    writeKey(newFile)

    const run = await telekost(
      env,
      'keys',
      'rewrap',
      '--new-master-key-file',
      newFile,
    )

    assert.equal(run.code, 0, run.out)
    await withContext(
      { ...env, TELEKOST_MASTER_KEY_FILE: newFile },
      async (c) => {
        for (const file of files) {
          assert.deepEqual(await c.vault.get(file.id, file.keyId), file.bytes)
        }
      },
    )
    // The old master key opens nothing now: not even the context, whose
    // root key for secrets was re-wrapped with the files' data keys.
    await assert.rejects(
      withContext(env, (c) => c.vault.get(files[0]!.id, files[0]!.keyId)),
      /another master key/,
    )
  })

  it('rewrap records a key-rotated event that alerts', async () => {
    const newFile = join(s.dir, 'secrets', 'next.key')
    const next = writeKey(newFile)

    await telekost(env, 'keys', 'rewrap', '--new-master-key-file', newFile)
    const events = securityEvents(env['TELEKOST_SECURITY_LOG']!)
    const rotated = events.find((e) => e['type'] === 'key-rotated')!

    assert.equal(rotated['severity'], 8)
    assert.equal(
      (rotated['details'] as Record<string, unknown>)['masterKeyId'],
      keyId(next),
    )
    assert.doesNotMatch(
      JSON.stringify(events),
      new RegExp(next.toString('hex')),
    )
  })

  it('rewrap refuses a file that holds no key', async () => {
    const bad = join(s.dir, 'not-a-key')
    writeFileSync(bad, 'hei')

    const run = await telekost(
      env,
      'keys',
      'rewrap',
      '--new-master-key-file',
      bad,
    )

    assert.equal(run.code, 2)
    assert.match(run.out, /Kan ikke lese en ny hovednøkkel/)
  })

  it('rotate-data-key puts new files under a new data key and keeps old ones readable', async () => {
    const run = await telekost(env, 'keys', 'rotate-data-key')

    assert.equal(run.code, 0, run.out)
    await withContext(env, async (c) => {
      const fresh = await c.vault.put(new Uint8Array([1]))
      assert.notEqual(fresh.keyId, files[1]!.keyId)
      assert.deepEqual(
        await c.vault.get(files[1]!.id, files[1]!.keyId),
        files[1]!.bytes,
      )
    })
    const rotated = securityEvents(env['TELEKOST_SECURITY_LOG']!).find(
      (e) => e['type'] === 'key-rotated',
    )
    assert.equal(rotated?.['severity'], 8)
  })
})
