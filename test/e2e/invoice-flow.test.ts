import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import {
  ADMIN_PASSWORD,
  launchBrowser,
  shot,
  startTestServer,
  submitSignIn,
} from '../helpers/browser.js'
import type { TestBrowser, TestServer } from '../helpers/browser.js'
import { fixture } from '../helpers/paths.js'

describe('the invoice flow in a browser', () => {
  let running: TestServer
  let chromium: TestBrowser
  let page: Page
  let origin: string

  before(async () => {
    running = await startTestServer()
    origin = running.origin
    chromium = await launchBrowser({ acceptDownloads: true })
    page = chromium.page
  })

  after(async () => {
    await chromium?.close()
    await running?.close()
  })

  it('signs in as the first administrator', async () => {
    await page.goto(`${origin}/invoices`)
    await shot(page, '01-sign-in')
    await submitSignIn(page, 'admin', ADMIN_PASSWORD)
    await page.waitForURL(`${origin}/invoices`)
    await shot(page, '02-invoices-empty')

    assert.equal(await page.locator('h1').textContent(), 'Fakturaer')
  })

  it('imports the cost centres and the employee register', async () => {
    for (const name of ['kostnadssteder.csv', 'ansatte.csv']) {
      await page.goto(`${origin}/register/import`)
      await page.setInputFiles('input[type=file]', fixture('register', name))
      await page.click('form[action="/register/import"] button[type=submit]')
      await page.waitForSelector('.notice.ok')
    }
    await shot(page, '03-register-import')
    await page.goto(`${origin}/register/employees`)
    await shot(page, '04-employees')

    assert.ok((await page.locator('table.data tbody tr').count()) >= 20)
  })

  it('uploads the November invoice and sees every check hold', async () => {
    await page.goto(`${origin}/invoices/upload`)
    await shot(page, '05-upload')
    await page.setInputFiles(
      'input[type=file]',
      fixture('telia', '2026-11', 'invoice.pdf'),
    )
    await page.click('#upload-form button[type=submit]')
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/, { timeout: 60_000 })
    await shot(page, '06-invoice')

    assert.equal(await page.locator('[data-checks=ok]').count(), 1)
  })

  it('assigns an unmatched number on the attention list, which reallocates', async () => {
    const invoiceUrl = page.url()
    await page.goto(`${origin}/attention`)
    await shot(page, '07-attention')
    const before = await page.locator('#attention tbody tr').count()
    const row = page.locator('#attention tbody tr').first()
    await row.locator('select[name=employeeId]').selectOption({ index: 1 })
    await row.locator('button[type=submit]').click()
    await page.waitForURL(`${origin}/attention?assigned`)
    await shot(page, '08-attention-assigned')
    const afterCount = await page.locator('#attention tbody tr').count()
    await page.goto(invoiceUrl)
    await shot(page, '09-invoice-reallocated')

    assert.equal(afterCount, before - 1)
  })

  it('downloads the cost-centre report with the allocated totals', async () => {
    const suspense = await page
      .locator('tr[data-cost-centre=UNMATCHED] td.num')
      .first()
      .textContent()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href$="/exports/cost-centres.csv"]'),
    ])
    const body = await readFile((await download.path())!, 'utf8')

    assert.match(
      download.suggestedFilename(),
      /^telekost-kostnadssted-INV0589924430\.csv$/,
    )
    assert.ok(body.includes('3100'), body)
    assert.ok(
      suspense && body.replace(/\s/g, '').includes(suspense.replace(/\s/g, '')),
      `${suspense} in ${body}`,
    )
  })

  it('shows the register pages', async () => {
    for (const [path, name] of [
      ['/register/cost-centres', '10-cost-centres'],
      ['/register/rules', '11-rules'],
      ['/password', '12-password'],
      ['/invoices?lang=en', '13-invoices-en'],
    ] as const) {
      await page.goto(`${origin}${path}`)
      await shot(page, name)
    }

    assert.equal(await page.locator('h1').textContent(), 'Invoices')
  })
})
