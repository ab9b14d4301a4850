import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { readInSandbox } from '../../src/ingest/sandbox.js'
import type { AppContext } from '../../src/services/context.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { refusalEvent, refusalStatus } from '../../src/web/upload.js'
import { buildTestApp, multipartFile } from '../helpers/app.js'
import type { Agent, TestApp } from '../helpers/app.js'
import { makeDraft, renderEhf } from '../helpers/generate/ehf.js'
import * as hostile from '../helpers/hostile.js'
import { fixture } from '../helpers/paths.js'

async function lastEvent(context: AppContext) {
  const [event] = await listSecurityEvents(context.db, { limit: 1 })

  return event
}

function post(agent: Agent, url: string, name: string, bytes: Uint8Array) {
  const body = multipartFile(name, Buffer.from(bytes))

  return agent.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: body.headers,
  })
}

const ROUTES = ['/api/v1/invoices', '/invoices/upload']

describe('refused uploads', () => {
  let t: TestApp
  let agent: Agent
  let pdf: Buffer
  before(async () => {
    t = await buildTestApp({ maxUploadBytes: 2 * 1024 * 1024 })
    agent = await t.signIn('accountant')
    pdf = await readFile(fixture('telia', '2026-11', 'invoice.pdf'))
  })
  after(() => t.close())

  for (const url of ROUTES) {
    describe(`POST ${url}`, () => {
      for (const name of [
        'faktura<script>.pdf',
        '../faktura.pdf',
        '..\\faktura.pdf',
        'faktura|rm -rf.pdf',
        'faktura\u202efdp.exe',
        '$(reboot).pdf',
      ]) {
        it(`answers 400 to the name ${JSON.stringify(name)}`, async () => {
          const response = await post(agent, url, name, pdf)

          assert.equal(response.statusCode, 400)
          const event = await lastEvent(t.context)
          assert.equal(event?.type, 'filename-refused')
          assert.equal(event?.severity, 7)
          assert.equal(event?.userId, agent.user.id)
        })
      }

      it('answers 415 to an extension that is not allowed', async () => {
        const response = await post(agent, url, 'faktura.exe', pdf)

        assert.equal(response.statusCode, 415)
        assert.equal((await lastEvent(t.context))?.type, 'upload-refused')
      })

      it('answers 415 when the bytes are not what the name says', async () => {
        const response = await post(agent, url, 'faktura.xlsx', pdf)

        assert.equal(response.statusCode, 415)
        const event = await lastEvent(t.context)
        assert.equal(event?.details['code'], 'extension-mismatch')
        assert.equal(event?.severity, 6)
      })

      it('answers 415 to a polyglot, with severity 8', async () => {
        const response = await post(
          agent,
          url,
          'faktura.pdf',
          hostile.polyglotPdfZip(),
        )

        assert.equal(response.statusCode, 415)
        assert.equal((await lastEvent(t.context))?.severity, 8)
      })

      it('answers 413 to a file over the size limit', async () => {
        const big = Buffer.alloc(3 * 1024 * 1024, 0x20)
        big.write('%PDF-1.7\n')
        const response = await post(agent, url, 'faktura.pdf', big)

        assert.equal(response.statusCode, 413)
        const event = await lastEvent(t.context)
        assert.equal(event?.type, 'upload-refused')
        assert.equal(event?.details['code'], 'file-too-large')
      })

      it('answers 422 to a zip bomb, with an event', async () => {
        const response = await post(
          agent,
          url,
          'spesifikasjon.xlsx',
          hostile.zipBombXlsx(),
        )

        assert.equal(response.statusCode, 422)
        const event = await lastEvent(t.context)
        assert.equal(event?.type, 'upload-refused')
        assert.ok(event!.severity >= 7)
      })
    })
  }

  it('keeps answering after every refusal', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' })

    assert.equal(health.statusCode, 200)
  })
})

describe('a parser limit hit', () => {
  let stopped: Awaited<ReturnType<typeof readInSandbox>>
  before(async () => {
    const bytes = new TextEncoder().encode(renderEhf(makeDraft(2_000)))
    stopped = await readInSandbox(
      'ehf',
      bytes,
      {},
      {
        maxHeapMb: 64,
        timeoutMs: 1,
      },
    )
  })

  it('answers 422', () => {
    assert.ok(!stopped.ok)
    const outcome = {
      ok: false as const,
      reason: 'unreadable' as const,
      problems: stopped.problems,
    }

    assert.equal(refusalStatus(outcome), 422)
  })

  it('is a parser-limit event of severity 7', () => {
    assert.ok(!stopped.ok)
    const outcome = {
      ok: false as const,
      reason: 'unreadable' as const,
      problems: stopped.problems,
    }

    assert.deepEqual(refusalEvent(outcome), {
      type: 'parser-limit',
      severity: 7,
    })
  })
})

describe('refusalStatus', () => {
  it('answers 409 to an invoice uploaded before', () => {
    const outcome = {
      ok: false as const,
      reason: 'duplicate' as const,
      problems: [{ code: 'duplicate-invoice', message: 'Finnes.' }],
    }

    assert.equal(refusalStatus(outcome), 409)
    assert.equal(refusalEvent(outcome), null)
  })
})

describe('POST /register/import refusals', () => {
  let t: TestApp
  let agent: Agent
  before(async () => {
    t = await buildTestApp({ maxUploadBytes: 64 * 1024 })
    agent = await t.signIn('accountant')
  })
  after(() => t.close())

  const csv = new TextEncoder().encode('Kode;Navn\n1100;Salg\n')

  it('answers 400 to a hostile filename and records it', async () => {
    const response = await post(
      agent,
      '/register/import',
      '../ansatte.csv',
      csv,
    )

    assert.equal(response.statusCode, 400)
    const event = await lastEvent(t.context)
    assert.equal(event?.type, 'filename-refused')
    assert.equal(event?.severity, 7)
  })

  it('answers 415 to a PDF posted as a register', async () => {
    const pdf = new TextEncoder().encode(
      '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n',
    )
    const response = await post(agent, '/register/import', 'ansatte.pdf', pdf)

    assert.equal(response.statusCode, 415)
  })

  it('answers 413 to a register over the upload limit', async () => {
    const big = new Uint8Array(64 * 1024 + 1).fill(0x41)
    const response = await post(agent, '/register/import', 'ansatte.csv', big)

    assert.equal(response.statusCode, 413)
  })

  it('imports a register that passes', async () => {
    const response = await post(agent, '/register/import', 'steder.csv', csv)

    assert.equal(response.statusCode, 200)
  })
})
