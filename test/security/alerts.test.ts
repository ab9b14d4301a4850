import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { SMTPServer } from 'smtp-server'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import {
  alertSink,
  alertTransports,
  logTransport,
} from '../../src/security/alerts/index.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { buildApp } from '../../src/web/app.js'
import { TEST_ORIGIN } from '../helpers/app.js'
import { polyglotPdfZip } from '../helpers/hostile.js'
import { signInBrowser } from './events-browser.js'

interface Mail {
  subject: string
  text: string
}

/** A real SMTP receiver on loopback that keeps what it is sent. */
async function smtpReceiver() {
  const mails: Mail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8')))
        done()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo

  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  }
}

function parseMail(raw: string): Mail {
  const [head = '', ...body] = raw.split(/\r?\n\r?\n/)
  const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head)?.[1] ?? ''
  const text = body
    .join('\n\n')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    )

  return { subject: subject.replace(/\r?\n[ \t]/g, ' '), text }
}

/** A real HTTP receiver for the webhook; `hang` never answers. */
async function webhookReceiver(hang = false) {
  const posts: Array<Record<string, unknown>> = []
  const server: Server = createServer(
    (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = []
      request.on('data', (c: Buffer) => chunks.push(c))
      request.on('end', () => {
        posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        if (!hang) response.writeHead(204).end()
      })
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    posts,
    url: `http://127.0.0.1:${port}/alerts`,
    close() {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Accepts SMTP connections and never says a word. */
async function silentSmtp() {
  const sockets = new Set<Socket>()
  const server: TcpServer = createTcpServer((s) => sockets.add(s))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `smtp://127.0.0.1:${port}`,
    close() {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function until(test: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}

async function contextWith(overrides: Partial<Config>) {
  const dir = await mkdtemp(join(tmpdir(), 'telekost-alerts-'))
  const context = await openContext(
    testConfig(dir, { origin: TEST_ORIGIN, ...overrides }),
  )

  return {
    context,
    async close() {
      await closeContext(context)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

const WINDOW_MS = 1_500

describe('alerts on a flood of severe events', () => {
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>
  let hook: Awaited<ReturnType<typeof webhookReceiver>>
  let app: Awaited<ReturnType<typeof contextWith>>
  let mailsBeforeWindowClosed: number

  before(async () => {
    smtp = await smtpReceiver()
    hook = await webhookReceiver()
    app = await contextWith({
      smtpUrl: smtp.url,
      alertFrom: 'telekost@example.test',
      alertRecipients: ['drift@example.test', 'sikkerhet@example.test'],
      alertWebhookUrl: hook.url,
      alertWindowMs: WINDOW_MS,
    })
    const started = Date.now()
    for (let i = 0; i < 50; i++) {
      await app.context.security.record({
        type: 'upload-refused',
        severity: 9,
        ip: '203.0.113.7',
        userId: 'user-4711',
        details: { file: 'Ola Nordmann lønn.pdf', code: 'malware-found' },
      })
    }
    await until(() => smtp.mails.length >= 1 && hook.posts.length >= 1)
    assert.ok(Date.now() - started < WINDOW_MS, 'the first alert came at once')
    mailsBeforeWindowClosed = smtp.mails.length
    await until(() => smtp.mails.length >= 2 && hook.posts.length >= 2)
    await sleep(300)
  })
  after(async () => {
    await app.close()
    await smtp.close()
    await hook.close()
  })

  it('sends the first event at once, by e-mail and webhook', () => {
    assert.equal(mailsBeforeWindowClosed, 1)
    assert.match(smtp.mails[0]!.subject, /upload-refused, alvorlighet 9/)
    assert.equal(hook.posts[0]!['kind'], 'first')
    assert.equal(hook.posts[0]!['count'], 1)
  })

  it('sends the other 49 as one summary with the count', () => {
    assert.equal(smtp.mails.length, 2)
    assert.equal(hook.posts.length, 2)
    assert.match(smtp.mails[1]!.subject, /49 til av upload-refused/)
    assert.match(smtp.mails[1]!.text, /registrerte 49 hendelser til/)
    assert.equal(hook.posts[1]!['kind'], 'summary')
    assert.equal(hook.posts[1]!['count'], 49)
  })

  it('links to the events page', () => {
    const link = `${TEST_ORIGIN}/admin/security-events?type=upload-refused`
    assert.ok(smtp.mails[0]!.text.includes(link))
    assert.equal(hook.posts[0]!['link'], link)
  })

  it('carries no address, user or file name', () => {
    const sent = [
      ...smtp.mails.map((m) => m.subject + m.text),
      ...hook.posts.map((p) => JSON.stringify(p)),
    ]
    for (const text of sent) {
      assert.ok(!text.includes('203.0.113.7'))
      assert.ok(!text.includes('user-4711'))
      assert.ok(!text.includes('Nordmann'))
    }
  })
})

describe('alert de-duplication', () => {
  it('keeps types and severities apart', async () => {
    const hook = await webhookReceiver()
    const { context, close } = await contextWith({
      alertWebhookUrl: hook.url,
      alertWindowMs: 60_000,
    })
    await context.security.record({ type: 'parser-limit', severity: 8 })
    await context.security.record({ type: 'parser-limit', severity: 9 })
    await context.security.record({ type: 'upload-refused', severity: 8 })
    await context.alerts!.settled()

    assert.equal(hook.posts.length, 3)
    await close()
    await hook.close()
  })

  it('sends nothing for events below severity 8', async () => {
    const hook = await webhookReceiver()
    const { context, close } = await contextWith({ alertWebhookUrl: hook.url })
    await context.security.record({ type: 'rate-limited', severity: 5 })
    await context.security.record({ type: 'csrf-failed', severity: 7 })
    await context.alerts!.settled()

    assert.equal(hook.posts.length, 0)
    await close()
    await hook.close()
  })
})

describe('alerts without SMTP', () => {
  it('go to the log only', async () => {
    const config = testConfig('/tmp/unused', { origin: TEST_ORIGIN })
    const transports = alertTransports(config, createLogger('silent'))

    assert.deepEqual(
      transports.map((t) => t.name),
      ['log'],
    )
  })

  it('write the alert to the log', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const log = createLogger('info', stream)
    const sink = alertSink({
      transports: [logTransport(log)],
      windowMs: 1_000,
      eventsUrl: `${TEST_ORIGIN}/admin/security-events`,
      log,
    })
    await sink.write({
      id: 'e1',
      type: 'parser-limit',
      severity: 8,
      at: new Date().toISOString(),
      ip: '203.0.113.9',
      userId: null,
      details: {},
    })
    await sink.close()

    assert.equal(lines.length, 1)
    assert.match(lines[0]!, /Sikkerhetsvarsel: parser-limit, alvorlighet 8/)
    assert.ok(!lines[0]!.includes('203.0.113.9'))
  })
})

describe('an alert that cannot be delivered', () => {
  let context: AppContext
  let close: () => Promise<void>
  let hook: Awaited<ReturnType<typeof webhookReceiver>>
  let smtp: Awaited<ReturnType<typeof silentSmtp>>

  before(async () => {
    hook = await webhookReceiver(true)
    smtp = await silentSmtp()
    const made = await contextWith({
      smtpUrl: smtp.url,
      alertRecipients: ['drift@example.test'],
      alertWebhookUrl: hook.url,
    })
    context = made.context
    close = made.close
  })
  after(async () => {
    await hook.close()
    await smtp.close()
    await close()
  })

  it('neither slows nor fails the request that recorded the event', async () => {
    const app = await buildApp(context)
    await app.ready()
    const headers = await signInBrowser(app, context)
    const body = multipart('faktura.pdf', Buffer.from(polyglotPdfZip()))
    const started = Date.now()
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      payload: body.payload,
      headers: { ...headers, ...body.headers },
    })
    const took = Date.now() - started
    await until(() => hook.posts.length === 1)
    await app.close()

    assert.equal(response.statusCode, 415)
    assert.ok(took < 2_000, `the upload answered after ${took} ms`)
  })
})

function multipart(filename: string, bytes: Buffer) {
  const boundary = '----telekostalert'
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
