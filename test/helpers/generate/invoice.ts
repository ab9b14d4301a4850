import { allChecksHold, runChecks } from '../../../src/domain/checks.js'
import { vatOnLine } from '../../../src/domain/invoice.js'
import type {
  InvoiceDraft,
  InvoiceHeader,
  InvoiceLine,
  IsoDate,
  SubscriptionDraft,
} from '../../../src/domain/invoice.js'
import { sumOre } from '../../../src/domain/money.js'
import { normalizePhone } from '../../../src/domain/phone.js'
import type { PhoneNumber } from '../../../src/domain/phone.js'

/**
 * A synthetic Telia Norge "Samlefaktura" as the PDF reader would return it:
 * per-subscription blocks of Bruk, Faste avgifter and Rabatter lines, VAT
 * computed per line as Telia does, and header totals that reconcile to the
 * øre. The same seed always gives the same invoice. The renderers in this
 * folder turn it into PDF, XLSX and EHF files.
 */
export interface InvoiceOptions {
  subscriptions: number
  seed?: number
  /** The invoice month, `2026-11`; the invoice is dated the 6th. */
  month?: string
}

export function makeInvoice(options: InvoiceOptions): InvoiceDraft {
  const random = seededRandom(options.seed ?? 1)
  const cycle = billingCycle(options.month ?? '2026-11')
  const phones = uniquePhones(random, options.subscriptions)
  const subscriptions = phones.map((phone) =>
    makeSubscription(random, cycle, phone),
  )
  const draft: InvoiceDraft = {
    format: 'pdf',
    header: makeHeader(random, cycle, subscriptions),
    subscriptions,
    unassignedLines: [],
  }
  if (!allChecksHold(runChecks(draft))) {
    throw new Error('the generated invoice does not reconcile')
  }

  return draft
}

/** A small seeded PRNG (mulberry32): the same numbers on every machine. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1))
  }

  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    chance: (probability) => next() < probability,
  }
}

interface Cycle {
  issueDate: IsoDate
  dueDate: IsoDate
  /** Bruk: the previous cycle, 6th to 5th. */
  usage: [IsoDate, IsoDate]
  /** Faste avgifter: the next cycle, billed in advance. */
  fixed: [IsoDate, IsoDate]
  /** A plan changed two days before the cycle ends. */
  partial: [IsoDate, IsoDate]
}

function billingCycle(month: string): Cycle {
  const [year, mm] = month.split('-').map(Number) as [number, number]
  const day = (offset: number, d: number) =>
    new Date(Date.UTC(year, mm - 1 + offset, d)).toISOString().slice(0, 10)

  return {
    issueDate: day(0, 6),
    dueDate: day(1, 6),
    usage: [day(-1, 6), day(0, 5)],
    fixed: [day(0, 6), day(1, 5)],
    partial: [day(0, 4), day(0, 5)],
  }
}

const FIRST_NAMES = [
  'Astrid', 'Anders', 'Åse', 'Eirik', 'Frøydis', 'Hege', 'Håkon', 'Ingrid',
  'Jørgen', 'Kari', 'Lars', 'Magnus', 'Nora', 'Øyvind', 'Per', 'Stian',
  'Trond', 'Tuva', 'Vilde', 'Sigrid', 'Bjørn', 'Marit', 'Ole', 'Silje',
] // prettier-ignore

const LAST_NAMES = [
  'Andersen', 'Bakke', 'Berg', 'Bråten', 'Dahl', 'Hagen', 'Halvorsen',
  'Hansen', 'Haugen', 'Jacobsen', 'Johansen', 'Karlsen', 'Larsen', 'Lie',
  'Olsen', 'Pettersen', 'Ødegård', 'Nilsen', 'Strand', 'Moen',
] // prettier-ignore

const DASHED_SUFFIXES = ['Servicebil', 'Vakttelefon', 'Lager', 'Reserve']
const MACHINE_USERS = ['Alarm - Lager', 'Heis 3', 'Ruter - Bygg B', 'Måler']

interface Holder {
  phone: PhoneNumber
  user: string
  machine: boolean
}

function uniquePhones(random: Random, count: number): Holder[] {
  const seen = new Set<string>()
  const holders: Holder[] = []
  while (holders.length < count) {
    const machine = random.chance(0.03)
    const digits = machine ? machineNumber(random) : mobileNumber(random)
    if (seen.has(digits)) continue
    seen.add(digits)
    holders.push({
      phone: normalizePhone(digits)!,
      user: machine ? random.pick(MACHINE_USERS) : personName(random),
      machine,
    })
  }

  return holders
}

function mobileNumber(random: Random): string {
  return `${random.pick(['4', '9'])}${digitString(random, 7)}`
}

function machineNumber(random: Random): string {
  return `58${digitString(random, 10)}`
}

function digitString(random: Random, length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += String(random.int(0, 9))

  return s
}

function personName(random: Random): string {
  const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`

  return random.chance(0.05)
    ? `${name} - ${random.pick(DASHED_SUFFIXES)}`
    : name
}

/** A line and whether its amount is free to move an øre or two. */
interface Drafted {
  line: InvoiceLine
  adjustable: boolean
}

function makeSubscription(
  random: Random,
  cycle: Cycle,
  holder: Holder,
): SubscriptionDraft {
  const plan = holder.machine ? MACHINE_PLAN : random.pick(PLANS)
  const drafted = [
    ...usageLines(random, cycle, holder.machine),
    ...fixedLines(random, cycle, plan, holder.machine),
    ...creditLines(random, cycle, plan),
  ]
  settleVat(drafted)

  return blockFromLines(
    holder,
    drafted.map((d) => d.line),
  )
}

function blockFromLines(
  holder: Holder,
  lines: InvoiceLine[],
): SubscriptionDraft {
  const standard = lines.filter((l) => l.vatCategory === 'standard')
  const exempt = lines.filter((l) => l.vatCategory === 'exempt')
  const vatBaseOre = sumOre(standard.map((l) => l.netOre))
  const vatFreeOre = sumOre(exempt.map((l) => l.netOre))
  const vatOre = sumOre(standard.map((l) => vatOnLine(l.netOre)))

  return {
    phone: holder.phone,
    user: holder.user,
    lines,
    vatBaseOre,
    vatFreeOre,
    vatOre,
    totalOre: vatBaseOre + vatFreeOre + vatOre,
  }
}

type Measure = 'count' | 'time' | 'data'

interface UsageService {
  description: string
  measure: Measure
  /** Øre per unit, per minute or (for data) per GB. */
  rateOre: number
  /** The most units or calls one subscription uses in a month. */
  maxCount?: number
  content?: boolean
}

const USAGE: readonly UsageService[] = [
  { description: 'Samtaler i Norge', measure: 'time', rateOre: 98 },
  { description: 'SMS i utlandet', measure: 'count', rateOre: 235 },
  { description: 'Samtaler i utlandet', measure: 'time', rateOre: 1290 },
  {
    description: 'Mottak av samtaler i utlandet',
    measure: 'time',
    rateOre: 2570,
  },
  { description: 'Samtaler til utlandet', measure: 'time', rateOre: 399 },
  { description: 'MMS i Norge', measure: 'count', rateOre: 159 },
  { description: 'MMS i utlandet', measure: 'count', rateOre: 159 },
  { description: 'Data i utlandet', measure: 'data', rateOre: 90 },
  { description: 'SMS til 4 og 5 sifrede nummer', measure: 'count', rateOre: 100 },
  { description: 'Ekstra data', measure: 'count', rateOre: 14_900, maxCount: 3 },
] // prettier-ignore

const CONTENT: readonly UsageService[] = [
  { description: '**Strex Katalogtjenester', measure: 'count', rateOre: 2900, content: true, maxCount: 3 },
  { description: '**Strex Automatisk nummeroppslag', measure: 'count', rateOre: 4900, content: true, maxCount: 3 },
  { description: '**Google Play betaling', measure: 'count', rateOre: 29_900, content: true, maxCount: 3 },
  { description: '**Strex Informasjonstjeneste', measure: 'count', rateOre: 8750, content: true, maxCount: 3 },
] // prettier-ignore

function usageLines(random: Random, cycle: Cycle, machine: boolean): Drafted[] {
  const services = machine ? [] : pickSome(random, USAGE, 0, 5)
  if (!machine && random.chance(0.15)) services.push(random.pick(CONTENT))
  const lines = services.map((s) => usageLine(random, cycle, s))
  lines.push(dataInNorway(random, cycle))

  return lines
}

function usageLine(
  random: Random,
  cycle: Cycle,
  service: UsageService,
): Drafted {
  const count = random.int(1, service.maxCount ?? 30)
  const { usage, units } = measured(random, service.measure, count)
  const amountOre = Math.max(1, Math.round(units * service.rateOre))

  return {
    line: {
      section: 'Bruk',
      description: service.description,
      periodStart: cycle.usage[0],
      periodEnd: cycle.usage[1],
      quantity: String(count),
      usage,
      grossOre: amountOre,
      discountPercent: '0',
      discountOre: 0,
      netOre: amountOre,
      vatCategory: service.content ? 'exempt' : 'standard',
      vatOre: null,
    },
    adjustable: true,
  }
}

function measured(random: Random, measure: Measure, count: number) {
  if (measure === 'count') return { usage: null, units: count }
  if (measure === 'time') {
    const tenths = random.int(count * 300, count * 3000)
    return { usage: formatDuration(tenths), units: tenths / 600 }
  }
  const thousandthsMb = random.int(1_000, 25_000_000)

  return {
    usage: formatMegabytes(thousandthsMb),
    units: thousandthsMb / 1_000_000,
  }
}

function dataInNorway(random: Random, cycle: Cycle): Drafted {
  return {
    line: {
      section: 'Bruk',
      description: 'Data i Norge',
      periodStart: cycle.usage[0],
      periodEnd: cycle.usage[1],
      quantity: String(random.int(5, 120)),
      usage: formatMegabytes(random.int(10_000, 60_000_000)),
      grossOre: 0,
      discountPercent: '0',
      discountOre: 0,
      netOre: 0,
      vatCategory: 'standard',
      vatOre: null,
    },
    adjustable: false,
  }
}

interface Fee {
  description: string
  priceOre: number
  /** Basis points, as Telia prints them: `56,11` % is 5611. */
  discountBp: number
}

const PLANS: readonly Fee[] = [
  { description: 'Dobbel 6 GB', priceOre: 46_247, discountBp: 0 },
  { description: 'Dobbel 15 GB', priceOre: 56_547, discountBp: 5611 },
  { description: 'Dobbel 50 GB', priceOre: 77_147, discountBp: 5007 },
]

const MACHINE_PLAN: Fee = {
  description: 'Telia Bedrift M2M 1 GB',
  priceOre: 4900,
  discountBp: 0,
}

const OPTIONS: readonly Fee[] = [
  { description: 'Telia Bedriftsnett', priceOre: 4017, discountBp: 0 },
  { description: 'Ring uten tillegg i Norden', priceOre: 4017, discountBp: 0 },
  { description: 'Ekstra DataSIM', priceOre: 5047, discountBp: 4082 },
  { description: 'Tvilling 1 Klokke-SIM', priceOre: 1807, discountBp: 0 },
  { description: 'Tvilling 2', priceOre: 2472, discountBp: 0 },
  { description: 'Rabatt Telia Bedrift', priceOre: -5000, discountBp: 0 },
]

function fixedLines(
  random: Random,
  cycle: Cycle,
  plan: Fee,
  machine: boolean,
): Drafted[] {
  const fees = [plan, ...(machine ? [] : pickSome(random, OPTIONS, 0, 3))]
  const lines = fees.map((fee) => feeLine(fee, cycle.fixed))
  if (!machine && random.chance(0.08)) {
    lines.push(partialCredit(plan, cycle))
  }

  return lines.map((line) => ({ line, adjustable: false }))
}

function feeLine(fee: Fee, period: [IsoDate, IsoDate]): InvoiceLine {
  const discountOre = -roundHalfUp(fee.priceOre * fee.discountBp, 10_000) || 0

  return {
    section: 'Faste avgifter',
    description: fee.description,
    periodStart: period[0],
    periodEnd: period[1],
    quantity: '1',
    usage: null,
    grossOre: fee.priceOre,
    discountPercent: formatPercent(fee.discountBp),
    discountOre,
    netOre: fee.priceOre + discountOre,
    vatCategory: 'standard',
    vatOre: null,
  }
}

/** The old plan's last two days, credited when the plan was changed. */
function partialCredit(plan: Fee, cycle: Cycle): InvoiceLine {
  const monthly = feeLine(plan, cycle.fixed).netOre
  const creditOre = -roundHalfUp(monthly * 2, 30)

  return feeLine({ ...plan, priceOre: creditOre, discountBp: 0 }, cycle.partial)
}

function creditLines(random: Random, cycle: Cycle, plan: Fee): Drafted[] {
  if (plan.discountBp === 0 || !random.chance(0.25)) return []

  const amountOre = -random.int(2_000, 9_500)

  return [
    {
      line: {
        section: 'Rabatter',
        description: plan.description,
        periodStart: cycle.issueDate,
        periodEnd: cycle.issueDate,
        quantity: null,
        usage: null,
        grossOre: null,
        discountPercent: null,
        discountOre: null,
        netOre: amountOre,
        vatCategory: 'standard',
        vatOre: null,
      },
      adjustable: true,
    },
  ]
}

/**
 * Telia's per-line VAT may differ from 25 % of the block's base by a few
 * øre. Lines whose amount is free are moved to a multiple of four øre,
 * where per-line rounding adds nothing, until the block is within one øre.
 */
function settleVat(drafted: Drafted[]): void {
  for (const d of drafted) {
    if (Math.abs(vatDeviation(drafted)) <= 1) return
    if (!d.adjustable || d.line.vatCategory !== 'standard') continue
    const residue = Math.abs(d.line.netOre) % 4
    if (residue === 0 || Math.abs(d.line.netOre) <= residue) continue
    const netOre = d.line.netOre - Math.sign(d.line.netOre) * residue
    d.line.netOre = netOre
    if (d.line.grossOre !== null) d.line.grossOre = netOre
  }
}

/** Per-line VAT minus VAT on the block's base. */
function vatDeviation(drafted: readonly Drafted[]): number {
  const standard = drafted
    .map((d) => d.line)
    .filter((l) => l.vatCategory === 'standard')
  const baseOre = sumOre(standard.map((l) => l.netOre))
  const vatOre = sumOre(standard.map((l) => vatOnLine(l.netOre)))

  return vatOre - vatOnLine(baseOre)
}

function makeHeader(
  random: Random,
  cycle: Cycle,
  blocks: readonly SubscriptionDraft[],
): InvoiceHeader {
  const customerNumber = withMod10(digitString(random, 8))
  const vatBaseOre = sumOre(blocks.map((b) => b.vatBaseOre))
  const vatOre = sumOre(blocks.map((b) => b.vatOre))

  return {
    supplier: 'Telia Norge AS',
    supplierOrgNo: '981929055',
    number: `INV${digitString(random, 10)}`,
    customerNumber,
    kid: customerNumber,
    issueDate: cycle.issueDate,
    dueDate: cycle.dueDate,
    currency: 'NOK',
    account: '86011117947',
    vatBaseOre,
    vatFreeOre: sumOre(blocks.map((b) => b.vatFreeOre)),
    vatOre,
    payableOre: sumOre(blocks.map((b) => b.totalOre)),
    vatRoundingOre: vatOnLine(vatBaseOre) - vatOre,
    pages: null,
  }
}

/** Appends the MOD10 (Luhn) check digit a KID carries. */
export function withMod10(digits: string): string {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i])
    const weighted = i % 2 === 0 ? digit * 2 : digit
    sum += weighted > 9 ? weighted - 9 : weighted
  }

  return `${digits}${(10 - (sum % 10)) % 10}`
}

function pickSome<T>(
  random: Random,
  items: readonly T[],
  min: number,
  max: number,
): T[] {
  const pool = [...items]
  const picked: T[] = []
  const count = random.int(min, Math.min(max, pool.length))
  for (let i = 0; i < count; i++) {
    picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!)
  }

  return picked
}

function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1

  return (
    sign *
    Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator))
  )
}

/** `5611` → `56,11`; no discount prints as `0`. */
function formatPercent(basisPoints: number): string {
  if (basisPoints === 0) return '0'

  const cents = String(basisPoints % 100).padStart(2, '0')

  return `${Math.floor(basisPoints / 100)},${cents}`
}

/** Tenths of a second → `hh:mm:ss,f`. */
function formatDuration(tenths: number): string {
  const seconds = Math.floor(tenths / 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  const hh = pad(Math.floor(seconds / 3600))
  const mm = pad(Math.floor(seconds / 60) % 60)

  return `${hh}:${mm}:${pad(seconds % 60)},${tenths % 10}`
}

/** Thousandths of a MB → `39.536,461`. */
function formatMegabytes(thousandths: number): string {
  const whole = Math.floor(thousandths / 1000)
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.')

  return `${grouped},${String(thousandths % 1000).padStart(3, '0')}`
}
