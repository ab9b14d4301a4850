import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { loadConfig } from '../../src/config.js'
import { totpCode } from '../../src/security/totp.js'
import type { RunningServer } from '../../src/web/server.js'
import {
  ADMIN_PASSWORD,
  launchBrowser,
  shot,
  signIn,
  startTestServer,
} from '../helpers/browser.js'
import type { TestBrowser, TestServer } from '../helpers/browser.js'

const IDLE_SECONDS = 6

/** A page on another origin that posts a form to the app as it loads. */
function hostileServer(
  target: string,
): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><html><body>' +
    `<form id="f" method="post" action="${target}/admin/users">` +
    '<input name="username" value="inntrenger">' +
    '<input name="displayName" value="Inntrenger">' +
    '<input name="role" value="admin">' +
    '<input name="password" value="">' +
    '</form><script>document.getElementById("f").submit()</script>' +
    '</body></html>'
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(html)
  })

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({ server, url: `http://127.0.0.1:${port}/` })
    })
  })
}

describe('sign-in, CSRF and idle sign-out in a browser', () => {
  let running: TestServer
  let server: RunningServer
  let hostile: { server: Server; url: string }
  let chromium: TestBrowser
  let page: Page
  let origin: string
  let secret = ''

  before(async () => {
    const idle = loadConfig({
      TELEKOST_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
    }).sessionIdleMinutes
    running = await startTestServer(
      { requireTotpFor: ['admin'], sessionIdleMinutes: idle },
      'telekost-e2e-sec-',
    )
    server = running.server
    origin = running.origin
    hostile = await hostileServer(origin)
    chromium = await launchBrowser()
    page = chromium.page
  })

  after(async () => {
    await chromium?.close()
    await running?.close()
    hostile?.server.close()
  })

  async function signInWithPassword() {
    await signIn(page, origin, 'admin', ADMIN_PASSWORD)
  }

  it('sends the administrator to TOTP enrolment and turns TOTP on', async () => {
    await signInWithPassword()
    await page.waitForURL(`${origin}/account/totp`)
    await shot(page, 'totp-enrol')
    const shown = await page.locator('[data-totp-secret]').textContent()
    secret = shown!.replace(/\s/g, '')
    await page.fill('input[name=code]', totpCode(secret))
    await page.click('form[action="/account/totp"] button[type=submit]')
    await page.waitForURL(`${origin}/account/totp?enabled`)

    assert.equal(await page.locator('[data-totp=enabled]').count(), 1)
  })

  it('signs in with password and TOTP code', async () => {
    await page.click('form[action="/sign-out"] button')
    await page.waitForURL(`${origin}/sign-in`)
    await signInWithPassword()
    await page.waitForURL(`${origin}/sign-in/totp`)
    await shot(page, 'totp-code')
    // The enrolment used the current step; the next is inside the window.
    await page.fill('input[name=code]', totpCode(secret, Date.now() + 30_000))
    await page.click('button[type=submit]')
    await page.waitForURL(`${origin}/invoices`)

    assert.equal(await page.locator('h1').textContent(), 'Fakturaer')
  })

  it('refuses a form posted from another site and changes nothing', async () => {
    const before = await server.context.db
      .selectFrom('users')
      .select('username')
      .execute()
    const refused = page.waitForResponse(
      (r) =>
        r.url() === `${origin}/admin/users` && r.request().method() === 'POST',
    )
    await page.goto(hostile.url)
    const response = await refused
    await page.waitForLoadState()
    await shot(page, 'csrf-refused')
    const afterwards = await server.context.db
      .selectFrom('users')
      .select('username')
      .execute()

    // SameSite=Lax keeps the cookie off a cross-site POST (401), and the
    // Origin check refuses it even when a cookie comes along (403).
    assert.ok([401, 403].includes(response.status()), `${response.status()}`)
    assert.deepEqual(afterwards, before)
  })

  it('is signed out after the idle lifetime', async () => {
    await page.goto(`${origin}/invoices`)
    assert.equal(page.url(), `${origin}/invoices`)
    await new Promise((r) => setTimeout(r, (IDLE_SECONDS + 1) * 1000))
    await page.goto(`${origin}/invoices`)

    assert.equal(page.url(), `${origin}/sign-in`)
  })
})
