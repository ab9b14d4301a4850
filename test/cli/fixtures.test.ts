import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { promisify } from 'node:util'
import { normalizePhone } from '../../src/domain/phone.js'
import { fixture, repoRoot, teliaMonths } from '../helpers/paths.js'

const run = promisify(execFile)
const cli = join(repoRoot, 'bin', 'telekost.js')

interface Expected {
  invoice: Record<string, string | number>
  subscriptions: Array<{
    phone: string
    name: string
    vatBaseOre: number
    vatFreeOre: number
    vatOre: number
    totalOre: number
    lines: number
  }>
  costCentresExVatOre: Record<string, number>
  unmatchedNumbers: string[]
}

const FORMATS = [
  ['pdf', 'invoice.pdf'],
  ['xlsx', 'spesifikasjon.xlsx'],
  ['xls', 'spesifikasjon.xls'],
  ['ehf', 'invoice-ehf.xml'],
] as const

async function telekost(...args: string[]) {
  const { stdout } = await run(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  })

  return JSON.parse(stdout)
}

for (const month of teliaMonths) {
  const expected = JSON.parse(
    readFileSync(fixture('telia', month, 'expected.json'), 'utf8'),
  ) as Expected

  describe(`telekost on the ${month} invoice`, () => {
    for (const [format, file] of FORMATS) {
      it(`parses the ${format} file to the expected totals`, async () => {
        const reading = await telekost(
          'parse',
          fixture('telia', month, file),
          '--json',
        )
        const { invoice } = reading

        assert.deepEqual(
          [
            invoice.vatBaseOre,
            invoice.vatFreeOre,
            invoice.vatOre,
            invoice.payableOre,
          ],
          [
            expected.invoice['vatBaseOre'],
            expected.invoice['vatFreeOre'],
            expected.invoice['vatOre'],
            expected.invoice['payableOre'],
          ],
        )
        assert.ok(reading.checks.every((c: { ok: boolean }) => c.ok))
      })

      it(`parses every ${format} subscription to the øre`, async () => {
        const reading = await telekost(
          'parse',
          fixture('telia', month, file),
          '--json',
        )
        const actual = reading.subscriptions.map(
          (s: Record<string, unknown> & { lines: unknown[] }) => ({
            phone: s['phone'],
            name: s['user'],
            vatBaseOre: s['vatBaseOre'],
            vatFreeOre: s['vatFreeOre'],
            vatOre: s['vatOre'],
            totalOre: s['totalOre'],
            lines: s.lines.length,
          }),
        )
        const wanted = expected.subscriptions.map((s) => ({
          phone: s.phone,
          name: s.name,
          vatBaseOre: s.vatBaseOre,
          vatFreeOre: s.vatFreeOre,
          vatOre: s.vatOre,
          totalOre: s.totalOre,
          lines: s.lines,
        }))

        assert.deepEqual(actual, wanted)
      })

      for (const register of ['ansatte.csv', 'ansatte.xlsx']) {
        it(`allocates the ${format} file with ${register} per cost centre`, async () => {
          const allocation = await telekost(
            'allocate',
            fixture('telia', month, file),
            '--register',
            fixture('register', register),
            '--json',
          )

          assert.deepEqual(allocation.costCentres, expected.costCentresExVatOre)
          assert.deepEqual(
            [...allocation.unmatched].sort(),
            expected.unmatchedNumbers.map((n) => normalizePhone(n)).sort(),
          )
        })
      }
    }
  })
}

describe('telekost parse', () => {
  it('exits 2 with a message when the file cannot be read', async () => {
    await assert.rejects(
      run(process.execPath, [
        cli,
        'parse',
        fixture('register', 'kostnadssteder.csv'),
      ]),
      (err: { code: number; stderr: string }) =>
        err.code === 2 && err.stderr.length > 0,
    )
  })
})
