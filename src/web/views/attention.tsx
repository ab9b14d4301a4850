import type { Employee } from '../../store/register.js'
import type { AttentionItem } from '../models/attention.js'
import type { PageContext } from '../page.js'
import { formatPhone, kr } from './format.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

export function AttentionPage(props: {
  page: PageContext
  items: AttentionItem[]
  employees: Employee[]
  notice: string | null
  problems: Array<{ code: string; message: string }>
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('attentionTitle')}>
      <h1>{t('attentionTitle')}</h1>
      <p class="lead">{t('attentionLead')}</p>
      <Notice text={props.notice} />
      <Problems problems={props.problems} />
      {props.items.length === 0 ? (
        <p class="empty">{t('attentionEmpty')}</p>
      ) : (
        <table class="data" id="attention">
          <thead>
            <tr>
              <th>{t('phone')}</th>
              <th>{t('user')}</th>
              <th>{t('invoice')}</th>
              <th class="num">{t('exVat')}</th>
              <th>{t('employee')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <AttentionRow {...props} item={item} />
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

function AttentionRow(props: {
  page: PageContext
  item: AttentionItem
  employees: Employee[]
}) {
  const { t } = props.page
  const { item } = props
  const formId = `assign-${item.phone.replace(/\W/g, '')}`

  return (
    <tr data-phone={item.phone}>
      <td class="nowrap">{formatPhone(item.phone)}</td>
      <td>{item.users.join(', ')}</td>
      <td>
        {item.invoices.map((i) => (
          <a href={`/invoices/${i.id}`}>{i.number} </a>
        ))}
      </td>
      <td class="num">{kr(item.exVatOre)}</td>
      <td>
        <form
          method="post"
          action="/attention/assign"
          class="row-form"
          id={formId}
        >
          <CsrfField page={props.page} />
          <input type="hidden" name="phone" value={item.phone} />
          <select name="employeeId" required aria-label={t('employee')}>
            <option value="">{t('chooseEmployee')}</option>
            {props.employees.map((e) => (
              <option value={e.id}>
                {e.name}
                {e.costCentre ? ` (${e.costCentre})` : ''}
              </option>
            ))}
          </select>
          <input
            type="date"
            name="validFrom"
            aria-label={t('validFrom')}
            title={t('validFrom')}
          />
          <button type="submit">{t('assignButton')}</button>
        </form>
      </td>
    </tr>
  )
}
