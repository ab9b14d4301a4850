import type { Problem } from '../domain/invoice.js'

/** The record of processing activities (GDPR art. 30(1)). */
export interface ProcessingRecord {
  version: number
  updated: string
  controller: {
    name: string
    organisationNumber: string
    address: string
    contact: string
  }
  dpo: { name: string; email: string | null; phone: string | null }
  activities: ProcessingActivity[]
}

export interface ProcessingActivity {
  id: string
  name: string
  purpose: string
  legalBasis: Array<{ article: string; description: string }>
  dataCategories: string[]
  dataSubjects: string[]
  retention: string
  sources: string[]
  recipients: string[]
  thirdCountryTransfers: string
  securityMeasures: string[]
}

export type RecordCheck =
  { ok: true; record: ProcessingRecord } | { ok: false; problems: Problem[] }

type Value = unknown
type Issues = string[]

/**
 * Checks a parsed YAML document against the shape above; every problem is
 * named by its path, so the editor can say where to look.
 */
export function validateRecord(value: Value): RecordCheck {
  const issues: Issues = []
  const root = object(value, '', issues)
  if (root) {
    integerField(root, 'version', issues)
    textField(root, 'updated', issues)
    checkController(root['controller'], issues)
    checkDpo(root['dpo'], issues)
    checkActivities(root['activities'], issues)
  }
  if (issues.length > 0) {
    return { ok: false, problems: issues.map(toProblem) }
  }

  return { ok: true, record: value as ProcessingRecord }
}

function checkController(value: Value, issues: Issues) {
  const controller = object(value, 'controller', issues)
  if (!controller) return
  for (const key of ['name', 'organisationNumber', 'address', 'contact']) {
    textField(controller, key, issues, 'controller.')
  }
}

function checkDpo(value: Value, issues: Issues) {
  const dpo = object(value, 'dpo', issues)
  if (!dpo) return
  textField(dpo, 'name', issues, 'dpo.')
  optionalText(dpo, 'email', issues, 'dpo.')
  optionalText(dpo, 'phone', issues, 'dpo.')
}

function checkActivities(value: Value, issues: Issues) {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push('activities: må være en liste med minst én aktivitet')
    return
  }
  const ids = new Set<string>()
  value.forEach((item, i) => {
    const path = `activities[${i}].`
    const activity = object(item, `activities[${i}]`, issues)
    if (!activity) return
    checkActivity(activity, path, issues)
    const id = activity['id']
    if (typeof id === 'string' && ids.has(id)) {
      issues.push(`${path}id: «${id}» er brukt før`)
    }
    if (typeof id === 'string') ids.add(id)
  })
}

const ACTIVITY_TEXT = ['id', 'name', 'purpose', 'retention']
const ACTIVITY_LISTS = [
  'dataCategories',
  'dataSubjects',
  'sources',
  'recipients',
  'securityMeasures',
]

function checkActivity(
  activity: Record<string, Value>,
  path: string,
  issues: Issues,
) {
  for (const key of ACTIVITY_TEXT) textField(activity, key, issues, path)
  for (const key of ACTIVITY_LISTS) textList(activity, key, issues, path)
  textField(activity, 'thirdCountryTransfers', issues, path)
  const bases = activity['legalBasis']
  if (!Array.isArray(bases) || bases.length === 0) {
    issues.push(`${path}legalBasis: må være en liste med minst ett grunnlag`)
    return
  }
  bases.forEach((basis, i) => {
    const at = `${path}legalBasis[${i}]`
    const entry = object(basis, at, issues)
    if (!entry) return
    textField(entry, 'article', issues, `${at}.`)
    textField(entry, 'description', issues, `${at}.`)
  })
}

function object(
  value: Value,
  path: string,
  issues: Issues,
): Record<string, Value> | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as Record<string, Value>
  }
  issues.push(`${path || 'dokumentet'}: må være et objekt med felt`)

  return null
}

function textField(
  parent: Record<string, Value>,
  key: string,
  issues: Issues,
  path = '',
) {
  const value = parent[key]
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push(`${path}${key}: må være tekst og kan ikke være tom`)
  }
}

function optionalText(
  parent: Record<string, Value>,
  key: string,
  issues: Issues,
  path: string,
) {
  const value = parent[key]
  if (value !== null && value !== undefined && typeof value !== 'string') {
    issues.push(`${path}${key}: må være tekst eller null`)
  }
}

function integerField(
  parent: Record<string, Value>,
  key: string,
  issues: Issues,
) {
  if (!Number.isSafeInteger(parent[key])) {
    issues.push(`${key}: må være et heltall`)
  }
}

function textList(
  parent: Record<string, Value>,
  key: string,
  issues: Issues,
  path: string,
) {
  const value = parent[key]
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string' && v.trim() !== '')
  if (!ok) issues.push(`${path}${key}: må være en liste med tekst`)
}

function toProblem(issue: string): Problem {
  return {
    code: 'record-invalid',
    message: `Protokollen er ikke gyldig: ${issue}. Rett feltet og lagre igjen.`,
    detail: issue,
  }
}
