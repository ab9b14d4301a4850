import type { SecurityEventType } from '../../security/events/types.js'
import type { ListedSecurityEvent } from '../../store/security-events.js'
import type { PageContext } from '../page.js'
import { formatDateTime } from './format.js'
import { Layout } from './layout.js'

export interface EventsFilter {
  type: SecurityEventType | null
  minSeverity: number | null
}

const SEVERITIES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

export function SecurityEventsPage(props: {
  page: PageContext
  events: ListedSecurityEvent[]
  types: readonly SecurityEventType[]
  filter: EventsFilter
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('eventsTitle')}>
      <h1>{t('eventsTitle')}</h1>
      <p class="lead">{t('eventsLead')}</p>
      <FilterForm page={props.page} types={props.types} filter={props.filter} />
      {props.events.length === 0 ? (
        <p class="empty">{t('eventsEmpty')}</p>
      ) : (
        <EventTable page={props.page} events={props.events} />
      )}
    </Layout>
  )
}

function FilterForm(props: {
  page: PageContext
  types: readonly SecurityEventType[]
  filter: EventsFilter
}) {
  const { t } = props.page
  const { filter } = props

  return (
    <form method="get" action="/admin/security-events" class="row-form">
      <label>
        {t('eventsType')}{' '}
        <select name="type">
          <option value="">{t('eventsAllTypes')}</option>
          {props.types.map((type) => (
            <option value={type} selected={type === filter.type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('eventsMinSeverity')}{' '}
        <select name="severity">
          {SEVERITIES.map((n) => (
            <option
              value={String(n)}
              selected={n === (filter.minSeverity ?? 1)}
            >
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('eventsFilter')}</button>
    </form>
  )
}

function EventTable(props: {
  page: PageContext
  events: ListedSecurityEvent[]
}) {
  const { t } = props.page

  return (
    <table class="data">
      <thead>
        <tr>
          <th>{t('eventsTime')}</th>
          <th>{t('eventsType')}</th>
          <th class="num">{t('eventsSeverity')}</th>
          <th>{t('eventsAddress')}</th>
          <th>{t('eventsUser')}</th>
          <th>{t('eventsDetails')}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr data-severity={String(e.severity)}>
            <td class="nowrap">{formatDateTime(e.at)}</td>
            <td class="code">{e.type}</td>
            <td class="num">{e.severity}</td>
            <td class="code">{e.ip ?? '–'}</td>
            <td>{e.username ?? e.userId ?? '–'}</td>
            <td>{detailText(e.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function detailText(details: ListedSecurityEvent['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ')
}
