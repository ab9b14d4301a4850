import type { IncidentContacts } from '../../config.js'
import type { Problem } from '../../domain/invoice.js'
import { PHASES } from '../../privacy/incident-plan.js'
import {
  authorityDeadline,
  type IncidentRecord,
  type IncidentView,
  type StepView,
} from '../../privacy/incidents.js'
import type { MessageKey } from '../i18n.js'
import { isoToOsloLocal } from '../oslo-time.js'
import type { PageContext } from '../page.js'
import { formatDateTime } from './format.js'
import { CsrfField, Layout, Problems } from './layout.js'

export function IncidentListPage(props: {
  page: PageContext
  incidents: IncidentRecord[]
  contacts: IncidentContacts
  problems: Problem[]
  now: Date
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('incidentsTitle')}>
      <h1>{t('incidentsTitle')}</h1>
      <p class="lead">{t('incidentsLead')}</p>
      <Contacts page={props.page} contacts={props.contacts} />
      {props.incidents.length === 0 ? (
        <p class="empty">{t('incidentsEmpty')}</p>
      ) : (
        <IncidentTable {...props} />
      )}
      <h2>{t('incidentsNew')}</h2>
      <Problems problems={props.problems} />
      <FactsForm page={props.page} action="/privacy/incidents" facts={null} />
    </Layout>
  )
}

function IncidentTable(props: {
  page: PageContext
  incidents: IncidentRecord[]
  now: Date
}) {
  const { t } = props.page

  return (
    <table class="data">
      <thead>
        <tr>
          <th>{t('incidentDiscovered')}</th>
          <th>{t('incidentTitle')}</th>
          <th>{t('incidentDeadline')}</th>
        </tr>
      </thead>
      <tbody>
        {props.incidents.map((i) => (
          <tr>
            <td class="nowrap">{formatDateTime(i.discoveredAt)}</td>
            <td>
              <a href={`/privacy/incidents/${i.id}`}>{i.title}</a>
            </td>
            <td class="nowrap">
              {formatDateTime(authorityDeadline(i.discoveredAt))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const CONTACT_LABELS: Array<[keyof IncidentContacts, MessageKey]> = [
  ['itSecurity', 'contactItSecurity'],
  ['datatilsynet', 'contactDatatilsynet'],
  ['legal', 'contactLegal'],
  ['management', 'contactManagement'],
  ['communications', 'contactCommunications'],
]

function Contacts(props: { page: PageContext; contacts: IncidentContacts }) {
  const { t } = props.page

  return (
    <section id="contacts">
      <h2>{t('incidentsContacts')}</h2>
      <dl>
        {CONTACT_LABELS.map(([key, label]) => (
          <>
            <dt>{t(label)}</dt>
            <dd>{props.contacts[key] ?? t('contactNotSet')}</dd>
          </>
        ))}
      </dl>
    </section>
  )
}

export function IncidentPage(props: {
  page: PageContext
  view: IncidentView
  contacts: IncidentContacts
  problems: Problem[]
}) {
  const { t } = props.page
  const { view } = props

  return (
    <Layout page={props.page} title={view.incident.title}>
      <h1>{view.incident.title}</h1>
      <Problems problems={props.problems} />
      <Countdown page={props.page} view={view} />
      <p>
        <a href={`/privacy/incidents/${view.incident.id}/notification`}>
          {t('incidentDraft')}
        </a>
      </p>
      <h2>{t('incidentPlan')}</h2>
      {PHASES.map((phase) => (
        <section>
          <h3>{props.page.lang === 'nb' ? phase.nb : phase.en}</h3>
          <ul class="steps">
            {view.steps
              .filter((s) => s.phase === phase.key)
              .map((s) => (
                <Step page={props.page} id={view.incident.id} step={s} />
              ))}
          </ul>
        </section>
      ))}
      <Alerts page={props.page} view={view} />
      <Contacts page={props.page} contacts={props.contacts} />
      <h2>{t('incidentSave')}</h2>
      <FactsForm
        page={props.page}
        action={`/privacy/incidents/${view.incident.id}`}
        facts={view.incident}
      />
    </Layout>
  )
}

function Countdown(props: { page: PageContext; view: IncidentView }) {
  const { t } = props.page
  const { view } = props
  if (view.notified) {
    return (
      <p class="notice ok" role="status">
        {t('incidentNotified', {
          at: formatDateTime(view.notified.doneAt),
          by: view.notified.doneBy,
        })}
      </p>
    )
  }
  const minutes = Math.floor(Math.abs(view.msLeft) / 60_000)
  const vars = { h: Math.floor(minutes / 60), m: minutes % 60 }

  return (
    <p
      class={view.msLeft > 0 ? 'notice' : 'notice error'}
      role="status"
      id="countdown"
    >
      {t('incidentDeadline')}: {formatDateTime(view.deadline)}.{' '}
      {view.msLeft > 0 ? t('incidentLeft', vars) : t('incidentPassed', vars)}
    </p>
  )
}

function Step(props: { page: PageContext; id: string; step: StepView }) {
  const { t } = props.page
  const { step } = props
  const label = props.page.lang === 'nb' ? step.nb : step.en

  return (
    <li id={step.key} data-done={step.done ? 'yes' : 'no'}>
      <strong>{label}</strong> – {t('incidentDue')} {formatDateTime(step.due)}.{' '}
      {step.done ? (
        <span>
          {t('incidentDone', {
            at: formatDateTime(step.done.doneAt),
            by: step.done.doneBy,
          })}
          {step.done.note ? `: ${step.done.note}` : ''}
        </span>
      ) : (
        <form
          method="post"
          action={`/privacy/incidents/${props.id}/steps/${step.key}`}
          class="row-form"
        >
          <CsrfField page={props.page} />
          <label>
            {t('incidentNote')} <input name="note" maxLength={2000} />
          </label>
          <button type="submit">{t('incidentMarkDone')}</button>
        </form>
      )}
    </li>
  )
}

function Alerts(props: { page: PageContext; view: IncidentView }) {
  if (props.view.alerts.length === 0) return null

  return (
    <>
      <h2>{props.page.t('incidentAlerts')}</h2>
      <ul>
        {props.view.alerts.map((a) => (
          <li>
            {a.threshold}: {formatDateTime(a.sentAt)}
          </li>
        ))}
      </ul>
    </>
  )
}

function FactsForm(props: {
  page: PageContext
  action: string
  facts: IncidentRecord | null
}) {
  const { t } = props.page
  const f = props.facts

  return (
    <form method="post" action={props.action} class="stacked">
      <CsrfField page={props.page} />
      <label>
        {t('incidentTitle')}
        <input name="title" required maxLength={200} value={f?.title ?? ''} />
      </label>
      <label>
        {t('incidentDiscovered')}
        <input
          type="datetime-local"
          name="discovered"
          required
          value={f ? isoToOsloLocal(f.discoveredAt) : ''}
        />
      </label>
      <Area
        name="description"
        label={t('incidentDescription')}
        value={f?.description}
      />
      <Area name="nature" label={t('incidentNature')} value={f?.nature} />
      <Area
        name="categories"
        label={t('incidentCategories')}
        value={f?.dataCategories}
      />
      <label>
        {t('incidentPeople')}
        <input
          name="people"
          inputMode="numeric"
          value={numberText(f?.approxPeople)}
        />
      </label>
      <label>
        {t('incidentRecords')}
        <input
          name="records"
          inputMode="numeric"
          value={numberText(f?.approxRecords)}
        />
      </label>
      <Area
        name="consequences"
        label={t('incidentConsequences')}
        value={f?.consequences}
      />
      <Area name="measures" label={t('incidentMeasures')} value={f?.measures} />
      <button type="submit">
        {f ? t('incidentSave') : t('incidentRegister')}
      </button>
    </form>
  )
}

function Area(props: {
  name: string
  label: string
  value?: string | undefined
}) {
  return (
    <label>
      {props.label}
      <textarea name={props.name} rows={3}>
        {props.value ?? ''}
      </textarea>
    </label>
  )
}

function numberText(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : String(n)
}

export function NotificationPage(props: {
  page: PageContext
  id: string
  markdown: string
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('incidentDraft')}>
      <h1>{t('incidentDraft')}</h1>
      <p class="lead">{t('incidentDraftLead')}</p>
      <p>
        <a href={`/privacy/incidents/${props.id}/notification.md`}>
          {t('incidentDraftDownload')}
        </a>
        {' · '}
        <a href={`/privacy/incidents/${props.id}`}>{t('incidentBack')}</a>
      </p>
      <pre class="draft">{props.markdown}</pre>
    </Layout>
  )
}
