import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  DEFAULT_CLAMAV_DB,
  hasSignatures,
  loadConfig,
} from '../../src/config.js'
import { antivirusFromConfig, clamscan } from '../../src/security/antivirus.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { buildTestApp } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'
import { signInBrowser } from './events-browser.js'

const CLAMSCAN = '/usr/bin/clamscan'
const installed = existsSync(CLAMSCAN)
const skip = installed ? false : 'clamscan is not installed'
const SIGNATURE = 'Telekost.Test.Own'

/** An MD5 signature (`md5:size:name`) of exactly these bytes. */
async function ownSignatures(dir: string, bytes: Uint8Array): Promise<string> {
  const md5 = createHash('md5').update(bytes).digest('hex')
  const file = join(dir, 'own.hdb')
  await writeFile(file, `${md5}:${bytes.length}:${SIGNATURE}\n`)

  return file
}

/** The EHF fixture with a comment of its own: a valid invoice, marked. */
async function markedInvoice(): Promise<Buffer> {
  const ehf = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
  const mark = `<!-- ${randomBytes(16).toString('hex')} -->\n`

  return Buffer.concat([ehf, Buffer.from(mark)])
}

describe('antivirus settings', () => {
  it('are off with TELEKOST_CLAMSCAN=off', () => {
    assert.equal(loadConfig({ TELEKOST_CLAMSCAN: 'off' }).clamscan, null)
    assert.equal(
      antivirusFromConfig(loadConfig({ TELEKOST_CLAMSCAN: 'off' })),
      null,
    )
  })

  it('find Debian’s clamscan when it has signatures to scan with', () => {
    const usable = installed && hasSignatures(DEFAULT_CLAMAV_DB)

    assert.equal(loadConfig({}).clamscan, usable ? CLAMSCAN : null)
  })

  it('find clamscan with the signature database named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'telekost-av-db-'))
    const database = await ownSignatures(dir, Buffer.from('x'))
    const config = loadConfig({ TELEKOST_CLAMSCAN_DB: database })
    await rm(dir, { recursive: true, force: true })

    assert.equal(config.clamscan, installed ? CLAMSCAN : null)
  })

  it('leave scanning off when no signatures are there', () => {
    const config = loadConfig({ TELEKOST_CLAMSCAN_DB: '/nonexistent/clamav' })

    assert.equal(config.clamscan, null)
  })

  it('take a path and a signature database', () => {
    const config = loadConfig({
      TELEKOST_CLAMSCAN: '/opt/clamav/bin/clamscan',
      TELEKOST_CLAMSCAN_DB: '/var/lib/clamav',
    })

    assert.equal(config.clamscan, '/opt/clamav/bin/clamscan')
    assert.equal(config.clamscanDb, '/var/lib/clamav')
  })
})

describe('clamscan', { skip }, () => {
  let dir: string
  let scratch: string
  let marked: Buffer
  let database: string
  const tmp = process.env['TMPDIR']

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-av-test-'))
    scratch = join(dir, 'tmp')
    await mkdir(scratch)
    marked = await markedInvoice()
    database = await ownSignatures(dir, marked)
    process.env['TMPDIR'] = scratch
  })
  after(async () => {
    if (tmp === undefined) delete process.env['TMPDIR']
    else process.env['TMPDIR'] = tmp
    await rm(dir, { recursive: true, force: true })
  })

  it('finds a file that matches a signature', async () => {
    const scanner = clamscan({ path: CLAMSCAN, database, timeoutMs: 30_000 })
    const result = await scanner.scan(marked)

    assert.equal(result.verdict, 'infected')
    assert.match(
      result.verdict === 'infected' ? result.signature : '',
      /^Telekost\.Test\.Own/,
    )
  })

  it('passes a clean file', async () => {
    const scanner = clamscan({ path: CLAMSCAN, database, timeoutMs: 30_000 })
    const clean = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))

    assert.deepEqual(await scanner.scan(clean), { verdict: 'clean' })
  })

  it('leaves no copy of the bytes behind', async () => {
    const scanner = clamscan({ path: CLAMSCAN, database, timeoutMs: 30_000 })
    await scanner.scan(marked)
    await scanner.scan(Buffer.from('ren tekst'))

    assert.deepEqual(await readdir(scratch), [])
  })

  it('reports a scan that runs out of time as failed, not clean', async () => {
    const slow = join(dir, 'slow-scanner')
    await writeFile(slow, '#!/bin/sh\nsleep 10\n')
    await chmod(slow, 0o700)
    const scanner = clamscan({ path: slow, database, timeoutMs: 200 })

    assert.deepEqual(await scanner.scan(marked), {
      verdict: 'failed',
      reason: 'timeout',
    })
    assert.deepEqual(await readdir(scratch), [])
  })

  it('reports a scanner without signatures as failed', async () => {
    const scanner = clamscan({
      path: CLAMSCAN,
      database: join(dir, 'no-such-database'),
      timeoutMs: 30_000,
    })
    const result = await scanner.scan(marked)

    assert.equal(result.verdict, 'failed')
  })
})

describe('uploads with the antivirus hook', { skip }, () => {
  let t: TestApp
  let dir: string
  let marked: Buffer
  let browser: Record<string, string>

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-av-upload-'))
    marked = await markedInvoice()
    t = await buildTestApp({
      clamscan: CLAMSCAN,
      clamscanDb: await ownSignatures(dir, marked),
    })
    browser = await signInBrowser(t.app, t.context)
  })
  after(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })

  function upload(name: string, bytes: Buffer) {
    const boundary = '----telekostav'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])

    return t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      payload,
      headers: {
        ...browser,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    })
  }

  it('refuses a file that matches the signature with 422', async () => {
    const response = await upload('faktura.xml', marked)

    assert.equal(response.statusCode, 422)
    const body = response.json() as {
      error: { problems: Array<{ code: string }> }
    }
    assert.equal(body.error.problems[0]?.code, 'malware-found')
  })

  it('records the hit as upload-refused of severity 9', async () => {
    const events = await listSecurityEvents(t.context.db, {
      type: 'upload-refused',
    })

    assert.equal(events[0]?.severity, 9)
    assert.equal(events[0]?.details['code'], 'malware-found')
  })

  it('keeps nothing of the refused file', async () => {
    const invoices = await t.context.db
      .selectFrom('invoices')
      .selectAll()
      .execute()
    const files = await t.context.db
      .selectFrom('stored_files')
      .selectAll()
      .execute()
    const vault = join(t.context.config.dataDir, 'files')

    assert.equal(invoices.length, 0)
    assert.equal(files.length, 0)
    assert.ok(!existsSync(vault) || (await readdir(vault)).length === 0)
  })

  it('takes a clean file', async () => {
    const clean = await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml'))
    const response = await upload('faktura.xml', clean)

    assert.equal(response.statusCode, 201)
  })
})
