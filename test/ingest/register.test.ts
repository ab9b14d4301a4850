import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { normalizePhone } from '../../src/domain/phone.js'
import { readCostCentres, readRegister } from '../../src/ingest/register.js'
import { renderRowsXlsx } from '../helpers/generate/xlsx.js'
import { fixture } from '../helpers/paths.js'

const encode = (text: string) => new TextEncoder().encode(text)

/** The mobile column of the fixture CSV, as written. */
async function writtenMobiles(): Promise<string[]> {
  const csv = await readFile(fixture('register', 'ansatte.csv'), 'utf8')

  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(';')[3]!)
}

for (const file of ['ansatte.xlsx', 'ansatte.csv']) {
  describe(`readRegister on ${file}`, async () => {
    const bytes = await readFile(fixture('register', file))
    const result = await readRegister(bytes, file)
    const employees = result.ok ? result.employees : []

    it('reads every employee without problems', async () => {
      assert.deepEqual(result.problems, [])
      assert.equal(employees.length, (await writtenMobiles()).length)
    })

    it('normalises every mobile number to E.164', async () => {
      const expected = (await writtenMobiles()).map(normalizePhone)

      assert.deepEqual(
        employees.map((e) => e.phone),
        expected,
      )
      assert.ok(employees.every((e) => /^\+47\d{8}$/.test(e.phone ?? '')))
    })

    it('reads number, name, cost centre, department and e-mail', () => {
      assert.deepEqual(employees[0], {
        employeeNo: '1000',
        firstName: 'Frøydis',
        lastName: 'Hansen',
        name: 'Frøydis Hansen',
        phone: '+4792601815',
        costCentre: '3100',
        department: 'Kundeservice',
        email: 'ansatt1000@example.no',
        endDate: null,
      })
    })
  })
}

describe('readRegister on other files', () => {
  it('reads a comma-separated file with a BOM and quoted fields', async () => {
    const csv =
      '\uFEFFEmployee no,Name,Phone,Cost centre,End date\r\n' +
      '7,"Berg, Astrid",+47 412 22 029,6100,31.12.2026\r\n'
    const result = await readRegister(encode(csv), 'register.csv')

    assert.deepEqual(
      result.ok && result.employees.map((e) => [e.name, e.phone, e.endDate]),
      [['Berg, Astrid', '+4741222029', '2026-12-31']],
    )
  })

  it('reports an unreadable phone by its row and keeps the employee', async () => {
    const csv = 'Navn;Mobil;Kostnadssted\nA;123;1100\nB;926 01 815;1100\n'
    const result = await readRegister(encode(csv), 'register.csv')

    assert.deepEqual(
      result.problems.map((p) => [p.code, p.message.slice(0, 6)]),
      [['register-phone-unreadable', 'Rad 2:']],
    )
    assert.deepEqual(result.ok && result.employees.map((e) => e.phone), [
      null,
      '+4792601815',
    ])
  })

  it('reads mobile numbers stored as numbers in an .xlsx', async () => {
    const bytes = await renderRowsXlsx([
      {
        name: 'Ansatte',
        rows: [
          ['Ansattnr', 'Navn', 'Mobilnummer', 'Kostnadssted'],
          [1, 'Per Lie', 43363387, 5100],
        ],
      },
    ])
    const result = await readRegister(bytes, 'ansatte.xlsx')

    assert.deepEqual(
      result.ok && result.employees.map((e) => [e.employeeNo, e.phone]),
      [['1', '+4743363387']],
    )
  })

  it('reads a cost-centre sheet beside the employees', async () => {
    const bytes = await renderRowsXlsx([
      {
        name: 'Ansatte',
        rows: [
          ['Navn', 'Mobil', 'Koststed'],
          ['Per Lie', '43363387', '5100'],
        ],
      },
      {
        name: 'Kostnadssteder',
        rows: [
          ['Kode', 'Navn'],
          ['5100', 'IT'],
        ],
      },
    ])
    const result = await readRegister(bytes, 'ansatte.xlsx')

    assert.deepEqual(result.ok && result.costCentres, [
      { code: '5100', name: 'IT' },
    ])
  })

  it('refuses a file without a mobile column, naming it', async () => {
    const csv = 'Navn;Kostnadssted\nA;1100\n'
    const result = await readRegister(encode(csv), 'register.csv')

    assert.equal(result.problems[0]!.code, 'columns-unrecognised')
    assert.match(result.problems[0]!.message, /mobilnummer/)
  })

  it('refuses a file that is neither .xlsx nor .csv', async () => {
    const result = await readRegister(encode('x'), 'register.pdf')

    assert.equal(result.problems[0]!.code, 'register-type')
  })
})

describe('readCostCentres', () => {
  it('reads kostnadssteder.csv', async () => {
    const bytes = await readFile(fixture('register', 'kostnadssteder.csv'))
    const result = await readCostCentres(bytes, 'kostnadssteder.csv')

    assert.deepEqual(result.ok && result.costCentres.slice(0, 2), [
      { code: '1100', name: 'Salg Øst' },
      { code: '1200', name: 'Salg Vest' },
    ])
  })

  it('reads every cost centre of the list', async () => {
    const bytes = await readFile(fixture('register', 'kostnadssteder.csv'))
    const result = await readCostCentres(bytes, 'kostnadssteder.csv')

    assert.equal(result.ok && result.costCentres.length, 7)
  })

  it('reports a cost centre listed twice', async () => {
    const csv = 'Kode;Navn\n1100;Salg\n1100;Salg igjen\n'
    const result = await readCostCentres(encode(csv), 'k.csv')

    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['cost-centre-unreadable'],
    )
  })
})
