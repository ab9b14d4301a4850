import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { testConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { createUser } from '../../src/security/accounts.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { listSecurityEvents } from '../../src/store/security-events.js'
import { buildApp } from '../../src/web/app.js'
import {
  buildTestApp,
  form,
  multipartFile,
  postSignIn,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'
import { fixture } from '../helpers/paths.js'

async function eventsOf(context: AppContext, type: string) {
  return (await listSecurityEvents(context.db)).filter((e) => e.type === type)
}

describe('security events page', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
    const { security } = t.context
    const apart = () => new Promise((r) => setTimeout(r, 5))
    for (const [type, severity, ip] of [
      ['sign-in-failed', 3, '10.0.0.1'],
      ['rate-limited', 5, '10.0.0.2'],
      ['upload-refused', 8, '10.0.0.3'],
    ] as const) {
      await security.record({ type, severity, ip })
      await apart()
    }
  })
  after(() => t.close())

  it('lists recent events to an administrator, newest first', async () => {
    const admin = await t.signIn('admin')
    const response = await admin.inject({
      method: 'GET',
      url: '/admin/security-events',
    })

    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['cache-control'], 'no-store')
    const body = response.body
    const order = ['upload-refused', 'rate-limited', 'sign-in-failed'].map(
      (type) => body.indexOf(`<td class="code">${type}</td>`),
    )
    assert.ok(order.every((at) => at > 0))
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    )
  })

  it('filters by type', async () => {
    const admin = await t.signIn('admin')
    const response = await admin.inject({
      method: 'GET',
      url: '/admin/security-events?type=rate-limited',
    })

    assert.match(response.body, /10\.0\.0\.2/)
    assert.doesNotMatch(response.body, /10\.0\.0\.1|10\.0\.0\.3/)
  })

  it('filters by least severity', async () => {
    const admin = await t.signIn('admin')
    const response = await admin.inject({
      method: 'GET',
      url: '/admin/security-events?severity=5',
    })

    assert.match(response.body, /10\.0\.0\.2/)
    assert.match(response.body, /10\.0\.0\.3/)
    assert.doesNotMatch(response.body, /10\.0\.0\.1</)
  })

  it('stores a phone number in a detail masked', async () => {
    await t.context.security.record({
      type: 'filename-refused',
      severity: 7,
      details: { file: 'faktura 926 01 815.pdf', userId: 'u-12345678901' },
    })
    const [event] = await listSecurityEvents(t.context.db, {
      type: 'filename-refused',
    })

    assert.equal(event?.details['file'], 'faktura ********15.pdf')
    assert.equal(event?.details['userId'], 'u-12345678901')
  })

  it('speaks Bokmål and English', async () => {
    const admin = await t.signIn('admin')
    const nb = await admin.inject({
      method: 'GET',
      url: '/admin/security-events',
    })
    const en = await admin.inject({
      method: 'GET',
      url: '/admin/security-events?lang=en',
    })

    assert.match(nb.body, /<h1>Sikkerhetshendelser<\/h1>/)
    assert.match(en.body, /<h1>Security events<\/h1>/)
  })

  it('refuses an accountant and records the refusal', async () => {
    const accountant = await t.signIn('accountant')
    const response = await accountant.inject({
      method: 'GET',
      url: '/admin/security-events',
    })

    assert.equal(response.statusCode, 403)
    const denied = await eventsOf(t.context, 'access-denied')
    assert.ok(denied.some((e) => e.userId === accountant.user.id))
    assert.equal(denied[0]?.severity, 4)
    assert.equal(denied[0]?.details['route'], '/admin/security-events')
  })

  it('records a form posted without its CSRF token', async () => {
    const accountant = await t.signIn('accountant')
    const response = await accountant.inject({
      method: 'POST',
      url: '/layout-profiles',
      headers: { 'x-csrf-token': 'wrong' },
      payload: { phone: 'Nummer', net: 'Beløp' },
    })

    assert.equal(response.statusCode, 403)
    const failed = await eventsOf(t.context, 'csrf-failed')
    assert.equal(failed.length, 1)
    assert.equal(failed[0]?.severity, 6)
    assert.equal(failed[0]?.userId, accountant.user.id)
  })
})

/** Every line the app logs, as written. */
function captureLog() {
  const lines: string[] = []
  let rest = ''
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const text = rest + String(chunk)
      const parts = text.split('\n')
      rest = parts.pop() ?? ''
      lines.push(...parts)
      done()
    },
  })

  return { stream, lines }
}

/** A number like `+4792601815` in the styles people and programs write it. */
function phoneStyles(phone: string): string[] {
  const n = phone.replace(/^\+47/, '')
  const spaced = `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`
  const pairs = n.match(/../g)!.join(' ')

  return [phone, `47${n}`, `0047${n}`, n, spaced, pairs, `+47 ${spaced}`]
}

describe('logs', () => {
  const wrongPassword = 'feil passord som ikke finnes 4711'
  const lfName = 'ola\r\nnordmann"} {"forged":true'
  let dir: string
  let context: AppContext
  let log: ReturnType<typeof captureLog>
  let securityLog: string
  let phones: string[]
  let sessionId: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telekost-logs-'))
    log = captureLog()
    const config = testConfig(dir, { origin: TEST_ORIGIN, logLevel: 'info' })
    context = await openContext(config, createLogger('info', log.stream))
    const app = await buildApp(context)
    await app.ready()
    await createUser(
      context.db,
      { username: 'kari', displayName: 'Kari', role: 'accountant' },
      TEST_PASSWORD,
    )
    for (const username of ['kari', 'nobody', lfName]) {
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        ...form({ username, password: wrongPassword }),
        headers: { origin: TEST_ORIGIN, ...form({}).headers },
      })
    }
    sessionId = await postSignIn(app, 'kari', TEST_PASSWORD)
    const csrf = await csrfToken(app, sessionId)
    const expected = JSON.parse(
      await readFile(fixture('telia', '2026-11', 'expected.json'), 'utf8'),
    ) as { subscriptions: Array<{ phone: string }> }
    phones = expected.subscriptions.map((s) => s.phone)
    const uploads: Array<[string, Buffer]> = [
      [
        'invoice-ehf.xml',
        await readFile(fixture('telia', '2026-11', 'invoice-ehf.xml')),
      ],
      [
        'spesifikasjon.xlsx',
        await readFile(fixture('telia', '2026-11', 'spesifikasjon.xlsx')),
      ],
      [
        `faktura ${phones[0]} <x>.pdf`,
        await readFile(fixture('telia', '2026-11', 'invoice.pdf')),
      ],
      [
        `ansatte ${phones[1]}.csv`,
        await readFile(fixture('register', 'ansatte.csv')),
      ],
    ]
    for (const [name, bytes] of uploads) {
      const body = multipartFile(name, bytes)
      await app.inject({
        method: 'POST',
        url: '/api/v1/invoices',
        payload: body.payload,
        headers: {
          ...body.headers,
          origin: TEST_ORIGIN,
          'x-csrf-token': csrf,
          cookie: `${SESSION_COOKIE}=${sessionId}`,
        },
      })
    }
    await app.close()
    await closeContext(context)
    securityLog = await readFile(config.securityLogFile, 'utf8')
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('recorded the refused upload, so the check below has material', async () => {
    assert.match(securityLog, /"type":"filename-refused"/)
    assert.match(securityLog, /"type":"upload-refused"/)
    assert.ok(
      log.lines.some((l) => l.includes('"security event filename-refused"')),
    )
  })

  it('writes no password in any log line', () => {
    for (const line of [...log.lines, securityLog]) {
      assert.ok(!line.includes(wrongPassword))
      assert.ok(!line.includes(TEST_PASSWORD))
    }
  })

  it('writes no session cookie value in any log line', () => {
    assert.ok(sessionId.length >= 20)
    for (const line of [...log.lines, securityLog]) {
      assert.ok(!line.includes(sessionId))
    }
  })

  it('writes no phone number of the fixture in any style', () => {
    const styles = phones.flatMap(phoneStyles)
    for (const line of [...log.lines, ...securityLog.split('\n')]) {
      const found = styles.find((s) => line.includes(s))
      assert.equal(found, undefined, `a phone number in: ${line}`)
    }
  })

  it('keeps every log line one JSON object', () => {
    for (const line of [...log.lines, ...securityLog.trimEnd().split('\n')]) {
      assert.equal(typeof JSON.parse(line), 'object')
    }
  })

  it('keeps a name with CR, LF and a quote inside one security.log line', async () => {
    const file = join(dir, 'crlf.log')
    const ownData = join(dir, 'crlf-data')
    const crlf = await openContext(
      testConfig(ownData, { securityLogFile: file }),
      createLogger('info', log.stream),
    )
    await crlf.security.record({
      type: 'sign-in-failed',
      severity: 3,
      details: { username: lfName },
    })
    await closeContext(crlf)
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n')

    assert.equal(lines.length, 1)
    const event = JSON.parse(lines[0]!) as { details: { username: string } }
    assert.equal(event.details.username, lfName)
    assert.ok(!('forged' in event))
  })
})

async function csrfToken(
  app: Awaited<ReturnType<typeof buildApp>>,
  sessionId: string,
): Promise<string> {
  const page = await app.inject({
    method: 'GET',
    url: '/invoices/upload',
    headers: { cookie: `${SESSION_COOKIE}=${sessionId}` },
  })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  assert.ok(token, 'the upload page carries a CSRF token')

  return token
}
