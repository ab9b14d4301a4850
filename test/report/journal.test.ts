import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { JournalSettingsError } from '../../src/report/errors.js'
import {
  DEFAULT_JOURNAL_ACCOUNTS,
  JOURNAL_ACCOUNTS_SETTING,
  saveJournalAccounts,
} from '../../src/report/journal-accounts.js'
import { JOURNAL_COLUMNS, journalCsv } from '../../src/report/journal.js'
import { csvOre, readCsv } from './read-csv.js'
import { novemberExpected, uploadNovember } from './setup.js'
import type { ReportWorld } from './setup.js'

const ACCOUNT = 2
const COST_CENTRE = 3
const VAT_CODE = 4
const EX_VAT = 5
const VAT = 6
const TEXT = 7

describe('accounting journal', () => {
  let world: ReportWorld
  before(async () => {
    world = await uploadNovember({
      costCentreNames: { '5100': '@SUM(A1)' },
      // Tuva Dahl's number is in no register: charge it to a hostile code.
      rules: [{ phone: '+4790937865', costCentre: '-9100' }],
    })
  })
  after(() => world.close())

  async function lines(options = {}) {
    const file = await journalCsv(world.context, world.invoiceId, options)
    const [header, ...body] = readCsv(file.body)

    return { header: header!, body }
  }

  function signed(line: string[]): number {
    return csvOre(line[EX_VAT]!) + csvOre(line[VAT]!)
  }

  it('balances: debits equal credits to the øre', async () => {
    const { body } = await lines()
    const debitOre = body.map(signed).filter((o) => o > 0)
    const creditOre = body.map(signed).filter((o) => o < 0)
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0)

    assert.equal(sum(debitOre), -sum(creditOre))
  })

  it('credits the amount payable to the supplier account', async () => {
    const { body } = await lines()
    const credit = body.filter((l) => l[ACCOUNT] === '2400')
    const expected = await novemberExpected()

    assert.deepEqual(credit.map(signed), [-expected.invoice.payableOre])
  })

  it('keeps the credit a negative number, not neutralised text', async () => {
    const credit = (await lines()).body.find((l) => l[ACCOUNT] === '2400')!

    assert.match(credit[EX_VAT]!, /^-\d+,\d{2}$/)
  })

  it('debits VAT-free content to 6901 with VAT code 0', async () => {
    const { body } = await lines()
    const free = body.filter((l) => l[ACCOUNT] === '6901')
    const expected = await novemberExpected()

    assert.deepEqual(
      [
        free.reduce((s, l) => s + csvOre(l[EX_VAT]!), 0),
        [...new Set(free.map((l) => `${l[VAT_CODE]}/${l[VAT]}`))],
      ],
      [expected.invoice.vatFreeOre, ['0/0,00']],
    )
  })

  it('debits VAT-liable cost to 6900 with VAT code 1', async () => {
    const { body } = await lines()
    const liable = body.filter((l) => l[ACCOUNT] === '6900')
    const expected = await novemberExpected()

    assert.deepEqual(
      [
        liable.reduce((s, l) => s + csvOre(l[EX_VAT]!), 0),
        [...new Set(liable.map((l) => l[VAT_CODE]))],
      ],
      [expected.invoice.vatBaseOre, ['1']],
    )
  })

  it('has one debit line per cost centre and VAT code', async () => {
    const debits = (await lines()).body.filter((l) => l[COST_CENTRE] !== '')
    const keys = debits.map((l) => `${l[COST_CENTRE]}/${l[VAT_CODE]}`)

    assert.equal(new Set(keys).size, keys.length)
  })

  it('names its columns in the documented order', async () => {
    assert.deepEqual((await lines()).header, [...JOURNAL_COLUMNS])
  })

  it('neutralises a cost-centre code that starts with a minus', async () => {
    const { body } = await lines()
    const codes = new Set(body.map((l) => l[COST_CENTRE]))

    assert.deepEqual([codes.has("'-9100"), codes.has('-9100')], [true, false])
  })

  it('writes no text cell a spreadsheet would take for a formula', async () => {
    const { body } = await lines()
    const text = body.flatMap((l) => [...l.slice(0, EX_VAT), l[TEXT]!])

    assert.deepEqual(
      text.filter((cell) => /^[=+\-@\t\r]/.test(cell)),
      [],
    )
  })

  it('posts to the accounts given for one export', async () => {
    const { body } = await lines({ accounts: { vatLiable: '6905' } })

    assert.ok(body.some((l) => l[ACCOUNT] === '6905'))
  })

  describe('with accounts stored in the settings', () => {
    after(() => saveJournalAccounts(world.context.db, DEFAULT_JOURNAL_ACCOUNTS))

    it('posts to the stored supplier account', async () => {
      await saveJournalAccounts(world.context.db, { payable: '2410' })
      const { body } = await lines()

      assert.deepEqual(
        body.filter((l) => l[COST_CENTRE] === '').map((l) => l[ACCOUNT]),
        ['2410'],
      )
    })

    it('refuses a stored account that is not digits', async () => {
      await world.context.db
        .updateTable('settings')
        .set({ value: '{"vatFree":"=1+1"}' })
        .where('key', '=', JOURNAL_ACCOUNTS_SETTING)
        .execute()

      await assert.rejects(lines(), JournalSettingsError)
    })
  })
})
