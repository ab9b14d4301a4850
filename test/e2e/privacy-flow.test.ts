import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { createUser } from '../../src/security/accounts.js'
import {
  ADMIN_PASSWORD,
  launchBrowser,
  shot,
  signIn,
  startTestServer,
} from '../helpers/browser.js'
import type { TestBrowser, TestServer } from '../helpers/browser.js'
import { fixture } from '../helpers/paths.js'

const OFFICER = 'personvern'
const OFFICER_PASSWORD = 'personvernombudets lange passord'

/** Two people from register/ansatte.csv, both on the November invoice. */
const SUBJECT = { name: 'Ingrid Jacobsen', phone: '+4743016613', no: '1001' }
const OTHER = { name: 'Lars Dahl', digits: '40824628' }

async function download(page: Page, format: 'json' | 'xlsx') {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[data-format=${format}]`),
  ])

  return {
    name: file.suggestedFilename(),
    bytes: await readFile((await file.path())!),
  }
}

/** Every cell of every sheet as text, sheet by sheet. */
async function workbookText(bytes: Buffer): Promise<Map<string, string>> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as never)
  const sheets = new Map<string, string>()
  book.eachSheet((sheet) => {
    const cells: string[] = []
    sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))))
    sheets.set(sheet.name, cells.join('\n'))
  })

  return sheets
}

describe('an access request in a browser', () => {
  let running: TestServer
  let chromium: TestBrowser
  let page: Page
  let origin: string
  let requestUrl = ''
  let json: { name: string; bytes: Buffer }
  let xlsx: { name: string; bytes: Buffer }

  before(async () => {
    running = await startTestServer({}, 'telekost-e2e-privacy-')
    origin = running.origin
    chromium = await launchBrowser({ acceptDownloads: true })
    page = chromium.page
    await createUser(
      running.server.context.db,
      { username: OFFICER, displayName: 'Personvernombud', role: 'privacy' },
      OFFICER_PASSWORD,
    )
  })

  after(async () => {
    await chromium?.close()
    await running?.close()
  })

  it('lets the administrator import the register and upload November', async () => {
    await signIn(page, origin, 'admin', ADMIN_PASSWORD)
    await page.waitForURL(`${origin}/invoices`)
    for (const name of ['kostnadssteder.csv', 'ansatte.csv']) {
      await page.goto(`${origin}/register/import`)
      await page.setInputFiles('input[type=file]', fixture('register', name))
      await page.click('form[action="/register/import"] button[type=submit]')
      await page.waitForSelector('.notice.ok')
    }
    await page.goto(`${origin}/invoices/upload`)
    await page.setInputFiles(
      'input[type=file]',
      fixture('telia', '2026-11', 'invoice.pdf'),
    )
    await page.click('#upload-form button[type=submit]')
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/, { timeout: 60_000 })
    await page.click('form[action="/sign-out"] button')
    await page.waitForURL(`${origin}/sign-in`)

    assert.equal(page.url(), `${origin}/sign-in`)
  })

  it('signs the privacy officer in without TOTP outside production', async () => {
    await signIn(page, origin, OFFICER, OFFICER_PASSWORD)
    await page.waitForLoadState()
    await page.goto(`${origin}/privacy/requests`)
    await shot(page, 'privacy-01-requests-empty')

    assert.equal(page.url(), `${origin}/privacy/requests`)
  })

  it('registers an access request for one employee', async () => {
    await page.selectOption('select[name=type]', 'access')
    await page.selectOption('select[name=employeeId]', { label: SUBJECT.name })
    await page.fill('input[name=receivedOn]', '2026-11-20')
    await page.fill('textarea[name=notes]', 'Kom inn på e-post')
    await shot(page, 'privacy-02-request-form')
    await page.click('form[action="/privacy/requests"] button[type=submit]')
    await page.waitForURL(/\/privacy\/requests\/[0-9a-f-]{36}$/)
    requestUrl = page.url()
    await shot(page, 'privacy-03-request')

    assert.match((await page.locator('h1').textContent()) ?? '', /Ingrid/)
  })

  it('produces the export as JSON and Excel', async () => {
    await page.click(`form[action$="/export"] button[type=submit]`)
    await page.waitForURL(requestUrl)
    await shot(page, 'privacy-04-exported')
    json = await download(page, 'json')
    xlsx = await download(page, 'xlsx')

    assert.match(json.name, /^innsyn-\d{4}-\d{2}-\d{2}\.json$/)
    assert.match(xlsx.name, /^innsyn-\d{4}-\d{2}-\d{2}\.xlsx$/)
  })

  it("holds the person's register data and invoice lines in the JSON", () => {
    const data = JSON.parse(json.bytes.toString('utf8'))
    const phones = new Set(data.lines.map((l: { phone: string }) => l.phone))

    assert.equal(data.person.name, SUBJECT.name)
    assert.equal(data.person.employeeNo, SUBJECT.no)
    assert.ok(data.lines.length > 0)
    assert.deepEqual([...phones], [SUBJECT.phone])
  })

  it('holds nobody else in the JSON', () => {
    const text = json.bytes.toString('utf8')

    assert.equal(text.includes(OTHER.name), false)
    assert.equal(text.includes(OTHER.digits), false)
  })

  it("holds the person's data and nobody else's in the workbook", async () => {
    const sheets = await workbookText(xlsx.bytes)
    const all = [...sheets.values()].join('\n')

    assert.ok(sheets.get('Person')?.includes(SUBJECT.name))
    assert.ok(sheets.get('Fakturalinjer')?.includes(SUBJECT.phone))
    assert.equal(all.includes(OTHER.name), false)
    assert.equal(all.includes(OTHER.digits), false)
  })

  it('marks the request done', async () => {
    await page.fill('form[action$="/close"] [name=notes]', 'Svar sendt')
    await page.click('form[action$="/close"] button[type=submit]')
    await page.waitForURL(requestUrl)
    await shot(page, 'privacy-05-done')
    await page.goto(`${origin}/privacy/requests`)
    await shot(page, 'privacy-06-register')
    await page.goto(`${requestUrl}?lang=en`)
    await shot(page, 'privacy-07-request-en')

    assert.equal(await page.locator('[data-status=done]').count(), 1)
  })
})
