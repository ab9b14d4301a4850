import type { IsoDate, Problem } from '../domain/invoice.js'
import type { PhoneNumber } from '../domain/phone.js'
import { cellText, isBlankRow } from './spreadsheet/book.js'
import type { Row, Sheet } from './spreadsheet/book.js'
import { findHeader } from './spreadsheet/columns.js'
import type { ColumnMap } from './spreadsheet/columns.js'
import { parseCsv } from './spreadsheet/csv.js'
import { cellDate, cellPhone, cellString } from './spreadsheet/values.js'
import { loadXlsx } from './spreadsheet/xlsx.js'

/** One employee as the register file states them. */
export interface RegisterEmployee {
  employeeNo: string | null
  firstName: string | null
  lastName: string | null
  name: string
  /** E.164, or null when the row has none or it cannot be read. */
  phone: PhoneNumber | null
  costCentre: string | null
  department: string | null
  email: string | null
  endDate: IsoDate | null
}

export interface CostCentre {
  code: string
  name: string
}

export type RegisterReadResult =
  | {
      ok: true
      employees: RegisterEmployee[]
      costCentres?: CostCentre[]
      problems: Problem[]
    }
  | { ok: false; problems: Problem[] }

export type CostCentreReadResult =
  | { ok: true; costCentres: CostCentre[]; problems: Problem[] }
  | { ok: false; problems: Problem[] }

type RegisterField =
  | 'employeeNo'
  | 'firstName'
  | 'lastName'
  | 'name'
  | 'phone'
  | 'costCentre'
  | 'department'
  | 'email'
  | 'endDate'

const REGISTER_COLUMNS: Record<RegisterField, string[]> = {
  employeeNo: [
    'ansattnr',
    'ansattnummer',
    'ansatt nr',
    'employee no',
    'employee number',
    'employee id',
  ],
  firstName: ['fornavn', 'first name', 'given name'],
  lastName: ['etternavn', 'last name', 'surname', 'family name'],
  name: ['navn', 'fullt navn', 'name', 'full name'],
  phone: [
    'mobilnummer',
    'mobil',
    'mobiltelefon',
    'telefon',
    'telefonnummer',
    'tlf',
    'phone',
    'mobile',
    'phone number',
  ],
  costCentre: [
    'kostnadssted',
    'koststed',
    'kostsenter',
    'cost centre',
    'cost center',
  ],
  department: ['avdeling', 'department'],
  email: ['e-post', 'epost', 'e-postadresse', 'email', 'e-mail'],
  endDate: ['sluttdato', 'sluttet', 'end date'],
}

type CostCentreField = 'code' | 'name'

const COST_CENTRE_COLUMNS: Record<CostCentreField, string[]> = {
  code: ['kode', 'kostnadssted', 'koststed', 'code', 'cost centre'],
  name: ['navn', 'beskrivelse', 'name', 'description'],
}

const FIELD_NAMES: Record<string, string> = {
  phone: 'mobilnummer',
  costCentre: 'kostnadssted',
  name: 'navn (eller fornavn og etternavn)',
  code: 'kode',
}

/**
 * Reads an employee register (.xlsx or .csv). A row that cannot be read
 * whole is reported by its row number and read as far as it goes.
 */
export async function readRegister(
  bytes: Uint8Array,
  filename: string,
): Promise<RegisterReadResult> {
  const loaded = loadSheets(bytes, filename)
  if (!loaded.ok) return loaded
  const [sheet, ...others] = loaded.sheets
  if (!sheet) return failed(columnsProblem('', 0, [], ['phone']))

  const header = findHeader(sheet, {
    synonyms: REGISTER_COLUMNS,
    required: ['phone', 'costCentre'] as RegisterField[],
  })
  const missing = [...(header?.missing ?? ['phone', 'costCentre'])]
  const columns = header?.columns ?? {}
  const named = ['name', 'firstName', 'lastName'] as const
  if (!named.some((f) => columns[f] !== undefined)) missing.unshift('name')
  if (missing.length > 0) {
    return failed(
      columnsProblem(
        sheet.name,
        header?.rowIndex ?? 0,
        header?.headers ?? [],
        missing,
      ),
    )
  }

  const problems: Problem[] = []
  const employees = readEmployees(sheet, header!.rowIndex, columns, problems)
  const costCentres = others
    .map((s) => costCentresOf(s, problems))
    .find((c) => c !== null)

  return {
    ok: true,
    employees,
    ...(costCentres ? { costCentres } : {}),
    problems,
  }
}

/** Reads a list of cost centres (`Kode;Navn`), .csv or .xlsx. */
export async function readCostCentres(
  bytes: Uint8Array,
  filename: string,
): Promise<CostCentreReadResult> {
  const loaded = loadSheets(bytes, filename)
  if (!loaded.ok) return loaded
  const problems: Problem[] = []
  for (const sheet of loaded.sheets) {
    const costCentres = costCentresOf(sheet, problems)
    if (costCentres) return { ok: true, costCentres, problems }
  }
  const first = loaded.sheets[0]

  return failed(columnsProblem(first?.name ?? '', 0, [], ['code', 'name']))
}

type Loaded = { ok: true; sheets: Sheet[] } | { ok: false; problems: Problem[] }

function loadSheets(bytes: Uint8Array, filename: string): Loaded {
  const lower = filename.toLowerCase()
  if (lower.endsWith('.csv')) return parseCsv(bytes, filename)
  if (lower.endsWith('.xlsx')) {
    const loaded = loadXlsx(bytes)
    return loaded.ok ? { ok: true, sheets: loaded.book.sheets } : loaded
  }

  return {
    ok: false,
    problems: [
      {
        code: 'register-type',
        message:
          'Registeret må være en .xlsx- eller .csv-fil. Lagre det i et av ' +
          'disse formatene og last det opp igjen.',
        detail: JSON.stringify({ filename }),
      },
    ],
  }
}

function readEmployees(
  sheet: Sheet,
  headerIndex: number,
  columns: ColumnMap<RegisterField>,
  problems: Problem[],
): RegisterEmployee[] {
  const employees: RegisterEmployee[] = []
  for (let r = headerIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]
    if (isBlankRow(row)) continue
    const employee = readEmployee(row!, r + 1, columns, problems)
    if (employee) employees.push(employee)
  }

  return employees
}

function readEmployee(
  row: Row,
  rowNumber: number,
  columns: ColumnMap<RegisterField>,
  problems: Problem[],
): RegisterEmployee | null {
  const cell = (f: RegisterField) =>
    columns[f] === undefined ? undefined : row[columns[f]!]
  const firstName = cellString(cell('firstName'))
  const lastName = cellString(cell('lastName'))
  const name =
    cellString(cell('name')) ?? [firstName, lastName].filter(Boolean).join(' ')
  const employeeNo = cellString(cell('employeeNo'))
  if (name === '' && employeeNo === null) return null

  return {
    employeeNo,
    firstName: firstName ?? splitName(name).firstName,
    lastName: lastName ?? splitName(name).lastName,
    name,
    phone: registerPhone(cell('phone'), rowNumber, problems),
    costCentre: cellString(cell('costCentre')),
    department: cellString(cell('department')),
    email: cellString(cell('email')),
    endDate: registerDate(cell('endDate'), rowNumber, problems),
  }
}

function splitName(name: string): {
  firstName: string | null
  lastName: string | null
} {
  const at = name.lastIndexOf(' ')
  if (at < 0) return { firstName: name || null, lastName: null }

  return { firstName: name.slice(0, at), lastName: name.slice(at + 1) }
}

function registerPhone(
  value: Row[number] | undefined,
  rowNumber: number,
  problems: Problem[],
): PhoneNumber | null {
  const text = cellText(value)
  if (text === '') return null
  const phone = cellPhone(value)
  if (!phone) {
    problems.push({
      code: 'register-phone-unreadable',
      message:
        `Rad ${rowNumber}: mobilnummeret «${text}» kan ikke leses. ` +
        'Skriv det med åtte sifre (eller +47 foran) og last opp på nytt.',
      detail: JSON.stringify({ row: rowNumber }),
    })
  }

  return phone
}

function registerDate(
  value: Row[number] | undefined,
  rowNumber: number,
  problems: Problem[],
): IsoDate | null {
  const text = cellText(value)
  if (text === '') return null
  const date = cellDate(value, false)
  if (!date) {
    problems.push({
      code: 'register-date-unreadable',
      message:
        `Rad ${rowNumber}: sluttdatoen «${text}» kan ikke leses. ` +
        'Skriv den som dd.mm.åååå og last opp på nytt.',
      detail: JSON.stringify({ row: rowNumber }),
    })
  }

  return date
}

function costCentresOf(sheet: Sheet, problems: Problem[]): CostCentre[] | null {
  const header = findHeader(sheet, {
    synonyms: COST_CENTRE_COLUMNS,
    required: ['code', 'name'] as CostCentreField[],
  })
  if (!header || header.missing.length > 0) return null
  const { code, name } = header.columns as Record<CostCentreField, number>
  const centres: CostCentre[] = []
  const seen = new Set<string>()
  for (let r = header.rowIndex + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r]
    if (isBlankRow(row)) continue
    const centre = { code: cellText(row![code]), name: cellText(row![name]) }
    if (centre.code === '' || seen.has(centre.code)) {
      problems.push(costCentreProblem(r + 1, centre.code))
      continue
    }
    seen.add(centre.code)
    centres.push(centre)
  }

  return centres
}

function costCentreProblem(rowNumber: number, code: string): Problem {
  return {
    code: 'cost-centre-unreadable',
    message:
      code === ''
        ? `Rad ${rowNumber} mangler kode for kostnadsstedet. Fyll den inn.`
        : `Rad ${rowNumber}: kostnadssted ${code} står der allerede. ` +
          'Fjern den doble raden.',
    detail: JSON.stringify({ row: rowNumber }),
  }
}

function columnsProblem(
  sheet: string,
  rowIndex: number,
  headers: string[],
  missing: string[],
): Problem {
  const names = missing.map((f) => FIELD_NAMES[f] ?? f)

  return {
    code: 'columns-unrecognised',
    message:
      `Fant ikke kolonnene for ${names.join(', ')} i registeret. ` +
      'Gi kolonnene overskrifter som Mobilnummer og Kostnadssted.',
    detail: JSON.stringify({
      sheet,
      headerRow: rowIndex + 1,
      headers,
      missing,
    }),
  }
}

function failed(problem: Problem): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [problem] }
}
