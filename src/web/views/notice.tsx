import type {
  ProcessingRecord,
  RetentionSetting,
} from '../../privacy/records.js'
import type { PageContext } from '../page.js'
import { Layout } from './layout.js'

interface NoticeText {
  lead: string
  controller: string
  purposesTitle: string
  purposes: Array<[string, string]>
  dataTitle: string
  data: string
  retentionTitle: string
  retention: string
  retentionSet: string
  controlTitle: string
  control: string
  rightsTitle: string
  rights: Array<[string, string]>
  rightsHow: string
  complaint: string
  dpoTitle: string
  dpoNotSet: string
}

const NB: NoticeText = {
  lead: 'Slik behandler vi personopplysninger om ansatte når telefonfakturaer fra Telia Norge AS fordeles på kostnadssteder.',
  controller: 'Behandlingsansvarlig',
  purposesTitle: 'Formål og rettslig grunnlag',
  purposes: [
    [
      'Fordele telekostnader på kostnadssteder.',
      'Personvernforordningen art. 6 nr. 1 bokstav c (bokføringsloven og regnskapsloven) og bokstav b (arbeidsavtalen).',
    ],
    [
      'Oppfylle dokumentasjonsplikten i bokføringsloven.',
      'Art. 6 nr. 1 bokstav c (bokføringsloven § 13).',
    ],
    [
      'Intern kostnadskontroll og budsjettering.',
      'Art. 6 nr. 1 bokstav b (arbeidsavtalen), innenfor arbeidsmiljøloven kapittel 9.',
    ],
  ],
  dataTitle: 'Hvilke opplysninger',
  data: 'Navn og ansattnummer, telefonnumre, tilordning til kostnadssted, fakturabeløp og -datoer, og bruk per abonnement slik fakturaen fra Telia Norge AS viser den. Opplysningene overføres ikke til land utenfor EØS.',
  retentionTitle: 'Hvor lenge',
  retention:
    'Fakturaer og spesifikasjoner er regnskapsmateriale og oppbevares 5 år etter utgangen av regnskapsåret (bokføringsloven § 13), eller lenger når virksomheten har bestemt det. Deretter slettes de. Opplysninger om personer som har sluttet, slettes eller pseudonymiseres når ingen lov krever dem lenger.',
  retentionSet: 'Lagringstid som er satt nå:',
  controlTitle: 'Visning per ansatt er et kontrolltiltak',
  control:
    'Oversikter viser som standard summer per kostnadssted. Visning av bruk og kostnad per ansatt er et kontrolltiltak etter arbeidsmiljøloven kapittel 9. Den er begrenset til rollene som trenger den (regnskap, administrator og revisor; ledere bare for egne kostnadssteder), og hver visning og eksport føres i et revisjonsspor.',
  rightsTitle: 'Dine rettigheter',
  rights: [
    ['Innsyn', 'få vite hva vi har om deg, og få en kopi.'],
    ['Retting', 'få feil rettet.'],
    [
      'Sletting',
      'få slettet det ingen lov krever at vi beholder; det bokføringsloven krever, begrenses og pseudonymiseres i stedet.',
    ],
    ['Begrensning', 'få behandlingen begrenset mens noe avklares.'],
    ['Dataportabilitet', 'få opplysningene dine i et maskinlesbart format.'],
    [
      'Protest',
      'protestere mot behandling som bygger på virksomhetens interesser.',
    ],
  ],
  rightsHow:
    'Send en forespørsel til personvernombudet. Du får svar innen én måned.',
  complaint:
    'Du kan klage til Datatilsynet (datatilsynet.no, telefon +47 22 39 69 00).',
  dpoTitle: 'Personvernombud',
  dpoNotSet: 'Kontaktopplysninger er ikke satt ennå; spør personalavdelingen.',
}

const EN: NoticeText = {
  lead: "How we process employees' personal data when telephone invoices from Telia Norge AS are allocated to cost centres.",
  controller: 'Controller',
  purposesTitle: 'Purposes and legal bases',
  purposes: [
    [
      'Allocating telecom costs to cost centres.',
      'GDPR art. 6(1)(c) (the Norwegian Bookkeeping and Accounting Acts) and 6(1)(b) (the employment contract).',
    ],
    [
      "Meeting the Bookkeeping Act's documentation duty.",
      'Art. 6(1)(c) (Bookkeeping Act section 13).',
    ],
    [
      'Internal cost control and budgeting.',
      'Art. 6(1)(b) (the employment contract), within chapter 9 of the Working Environment Act.',
    ],
  ],
  dataTitle: 'Which data',
  data: 'Name and employee number, phone numbers, cost-centre assignment, invoice amounts and dates, and usage per subscription as the Telia Norge AS invoice shows it. The data is not transferred outside the EEA.',
  retentionTitle: 'How long',
  retention:
    'Invoices and their specifications are accounting records and are kept 5 years after the end of the accounting year (Bookkeeping Act section 13), or longer where the organisation has decided so. Then they are deleted. Data about people who have left is deleted or pseudonymised once no law requires it any more.',
  retentionSet: 'Retention set now:',
  controlTitle: 'Per-employee views are a control measure',
  control:
    'Overviews show totals per cost centre by default. Viewing usage and cost per employee is a control measure under chapter 9 of the Working Environment Act (arbeidsmiljøloven). It is restricted to the roles that need it (accounting, administrators and auditors; managers for their own cost centres only), and every view and export is recorded in an audit trail.',
  rightsTitle: 'Your rights',
  rights: [
    ['Access', 'learn what we hold about you, and get a copy.'],
    ['Rectification', 'have errors corrected.'],
    [
      'Erasure',
      'have erased what no law requires us to keep; what the Bookkeeping Act requires is restricted and pseudonymised instead.',
    ],
    ['Restriction', 'have processing restricted while something is settled.'],
    ['Portability', 'receive your data in a machine-readable format.'],
    [
      'Objection',
      "object to processing based on the organisation's interests.",
    ],
  ],
  rightsHow:
    'Send a request to the data protection officer. You get an answer within one month.',
  complaint:
    'You may complain to Datatilsynet, the Norwegian data protection authority (datatilsynet.no, phone +47 22 39 69 00).',
  dpoTitle: 'Data protection officer',
  dpoNotSet: 'Contact details are not set yet; ask the HR department.',
}

export function PrivacyNoticePage(props: {
  page: PageContext
  record: ProcessingRecord
  retention: RetentionSetting[]
}) {
  const { page, record } = props
  const text = page.lang === 'nb' ? NB : EN
  const dpo = [record.dpo.name, record.dpo.email, record.dpo.phone].filter(
    Boolean,
  )

  return (
    <Layout page={page} title={page.t('noticeTitle')}>
      <h1>{page.t('noticeTitle')}</h1>
      <p class="lead">{text.lead}</p>
      <p>
        {text.controller}: {record.controller.name}
      </p>
      <h2>{text.purposesTitle}</h2>
      <ul>
        {text.purposes.map(([purpose, basis]) => (
          <li>
            {purpose} {basis}
          </li>
        ))}
      </ul>
      <h2>{text.dataTitle}</h2>
      <p>{text.data}</p>
      <h2>{text.retentionTitle}</h2>
      <p>{text.retention}</p>
      <p>{text.retentionSet}</p>
      <ul>
        {props.retention.map((r) => (
          <li>
            <code>{r.key}</code>: {r.value}
          </li>
        ))}
      </ul>
      <h2>{text.controlTitle}</h2>
      <p id="control-measure">{text.control}</p>
      <h2>{text.rightsTitle}</h2>
      <ul>
        {text.rights.map(([right, what]) => (
          <li>
            <strong>{right}</strong>: {what}
          </li>
        ))}
      </ul>
      <p>{text.rightsHow}</p>
      <p>{text.complaint}</p>
      <h2>{text.dpoTitle}</h2>
      <p id="dpo">{dpo.length > 0 ? dpo.join(', ') : text.dpoNotSet}</p>
    </Layout>
  )
}
