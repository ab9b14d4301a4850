import { randomUUID } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import type { AppContext } from '../services/context.js'
import {
  claimIncidentAlert,
  findIncident,
  insertIncident,
  insertIncidentStep,
  listAwaitingNotification,
  listIncidentAlerts,
  listIncidentSteps,
  updateIncidentFacts,
} from '../store/incidents.js'
import type {
  IncidentFacts,
  IncidentRecord,
  IncidentStepDone,
} from '../store/incidents.js'
import { recordAudit } from './audit.js'
import type { AuditActor, AuditDetails } from './audit.js'
import { isPlanStep, NOTIFY_AUTHORITY, PHASES, PLAN } from './incident-plan.js'
import type { PlanStep } from './incident-plan.js'

export type { IncidentFacts, IncidentRecord } from '../store/incidents.js'

type IncidentContext = Pick<AppContext, 'db' | 'security' | 'config' | 'log'>

const HOUR = 3_600_000
/** GDPR art. 33(1): notify the authority within 72 hours of discovery. */
export const AUTHORITY_DEADLINE_HOURS = 72

export interface StepView extends PlanStep {
  due: string
  done: IncidentStepDone | null
}

export interface IncidentView {
  incident: IncidentRecord
  steps: StepView[]
  deadline: string
  /** Negative once the deadline has passed. */
  msLeft: number
  notified: IncidentStepDone | null
  alerts: Array<{ threshold: string; sentAt: string }>
}

export function authorityDeadline(discoveredAt: string): string {
  const ms = Date.parse(discoveredAt) + AUTHORITY_DEADLINE_HOURS * HOUR

  return new Date(ms).toISOString()
}

export async function registerIncident(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  facts: IncidentFacts,
  now = new Date(),
): Promise<string> {
  const id = randomUUID()
  const at = now.toISOString()
  await insertIncident(context.db, {
    ...facts,
    id,
    closedAt: null,
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  })
  await recordAudit(context, {
    actor,
    action: 'incident.register',
    subjectType: 'incident',
    subjectId: id,
    purpose: 'avvikshåndtering (GDPR art. 33)',
    details: { title: facts.title, discoveredAt: facts.discoveredAt },
  })

  return id
}

export async function updateIncident(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  id: string,
  facts: IncidentFacts,
  now = new Date(),
): Promise<boolean> {
  const before = await findIncident(context.db, id)
  if (!before) return false

  await updateIncidentFacts(context.db, id, facts, now.toISOString())
  await recordAudit(context, {
    actor,
    action: 'incident.update',
    subjectType: 'incident',
    subjectId: id,
    purpose: 'avvikshåndtering (GDPR art. 33)',
    details: {
      before: factDetails(before),
      after: factDetails(facts),
    },
  })

  return true
}

/** Marks one step of the plan done, with when and by whom. */
export async function completeStep(
  context: Pick<AppContext, 'db'>,
  actor: AuditActor,
  incidentId: string,
  step: string,
  note: string | null,
  now = new Date(),
): Promise<Problem | null> {
  if (!isPlanStep(step)) {
    return {
      code: 'incident-step-unknown',
      message:
        'Steget finnes ikke i beredskapsplanen. Velg et steg fra listen.',
    }
  }
  const done = {
    step,
    doneAt: now.toISOString(),
    doneBy: actor.name,
    note,
  }
  if (!(await insertIncidentStep(context.db, incidentId, done))) {
    return {
      code: 'incident-step-done',
      message: 'Steget er allerede registrert som utført.',
    }
  }
  await recordAudit(context, {
    actor,
    action: 'incident.step',
    subjectType: 'incident',
    subjectId: incidentId,
    purpose: 'avvikshåndtering (GDPR art. 33)',
    details: { step, note },
  })

  return null
}

export async function loadIncidentView(
  context: Pick<AppContext, 'db'>,
  id: string,
  now = new Date(),
): Promise<IncidentView | null> {
  const incident = await findIncident(context.db, id)
  if (!incident) return null

  const done = await listIncidentSteps(context.db, id)
  const discovered = Date.parse(incident.discoveredAt)
  const steps = PLAN.map((step) => ({
    ...step,
    due: new Date(discovered + phaseMinutes(step) * 60_000).toISOString(),
    done: done.find((d) => d.step === step.key) ?? null,
  }))
  const deadline = authorityDeadline(incident.discoveredAt)

  return {
    incident,
    steps,
    deadline,
    msLeft: Date.parse(deadline) - now.getTime(),
    notified: done.find((d) => d.step === NOTIFY_AUTHORITY) ?? null,
    alerts: await listIncidentAlerts(context.db, id),
  }
}

function phaseMinutes(step: PlanStep): number {
  return PHASES.find((p) => p.key === step.phase)!.minutes
}

export interface DeadlineAlert {
  incidentId: string
  threshold: string
  hoursLeft: number
}

/**
 * The periodic job: for each incident not yet notified to Datatilsynet,
 * alerts once per threshold (hours left, from the settings) and once more
 * when the deadline has passed. Only the most urgent threshold reached is
 * sent, so a server that was down does not send a late flood.
 */
export async function checkIncidentDeadlines(
  context: IncidentContext,
  now: Date,
): Promise<DeadlineAlert[]> {
  const open = await listAwaitingNotification(context.db, NOTIFY_AUTHORITY)
  const fired: DeadlineAlert[] = []
  for (const incident of open) {
    const alert = await alertIfDue(context, incident, now)
    if (alert) fired.push(alert)
  }

  return fired
}

async function alertIfDue(
  context: IncidentContext,
  incident: IncidentRecord,
  now: Date,
): Promise<DeadlineAlert | null> {
  const msLeft =
    Date.parse(authorityDeadline(incident.discoveredAt)) - now.getTime()
  const threshold = mostUrgent(msLeft, context.config.incidentAlertHours)
  if (!threshold) return null
  const at = now.toISOString()
  if (!(await claimIncidentAlert(context.db, incident.id, threshold, at))) {
    return null
  }

  const hoursLeft = Math.floor(msLeft / HOUR)
  await context.security.record({
    type: 'incident-deadline',
    severity: 9,
    details: {
      incidentId: incident.id,
      threshold,
      hoursLeft,
      deadline: authorityDeadline(incident.discoveredAt),
    },
  })

  return { incidentId: incident.id, threshold, hoursLeft }
}

/** `passed`, or the smallest threshold already reached, like `4h`. */
export function mostUrgent(
  msLeft: number,
  thresholdHours: readonly number[],
): string | null {
  if (msLeft <= 0) return 'passed'
  const reached = thresholdHours.filter((h) => msLeft <= h * HOUR)
  if (reached.length === 0) return null

  return `${Math.min(...reached)}h`
}

function factDetails(facts: IncidentFacts): AuditDetails {
  return {
    title: facts.title,
    discoveredAt: facts.discoveredAt,
    description: facts.description,
    nature: facts.nature,
    dataCategories: facts.dataCategories,
    approxPeople: facts.approxPeople,
    approxRecords: facts.approxRecords,
    consequences: facts.consequences,
    measures: facts.measures,
  }
}
