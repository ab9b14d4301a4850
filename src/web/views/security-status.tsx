import type { ChecklistItem } from '../../security/doctor.js'
import type { PageContext } from '../page.js'
import { Layout } from './layout.js'

/**
 * The production checklist as administrators see it. The items' own text
 * is Bokmål, as `telekost doctor` prints it.
 */
export function SecurityStatusPage(props: {
  page: PageContext
  items: ChecklistItem[]
  production: boolean
}) {
  const { t } = props.page
  const missing = props.items.filter((item) => !item.ok).length

  return (
    <Layout page={props.page} title={t('securityStatusTitle')}>
      <h1>{t('securityStatusTitle')}</h1>
      <p class="lead">
        {t(props.production ? 'securityStatusProd' : 'securityStatusDev')}
      </p>
      <p id="summary" class={missing === 0 ? 'ok-text' : 'bad-text'}>
        {missing === 0
          ? t('securityStatusAllOk')
          : t('securityStatusMissing', { n: missing })}
      </p>
      <table class="data" id="checklist">
        <thead>
          <tr>
            <th>{t('securityStatusState')}</th>
            <th>{t('securityStatusMeasure')}</th>
            <th>{t('securityStatusFix')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <ChecklistRow item={item} />
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

function ChecklistRow({ item }: { item: ChecklistItem }) {
  return (
    <tr data-check={item.id} data-ok={String(item.ok)}>
      <td class={item.ok ? 'ok-text' : 'bad-text'}>{item.ok ? '✓' : '✗'}</td>
      <td>{item.message}</td>
      <td>{item.fix}</td>
    </tr>
  )
}
