import type { Config } from '../config.js'
import type { IncidentView } from './incidents.js'

/**
 * A draft of the notification to Datatilsynet (GDPR art. 33(3)), built
 * from what the register holds, in Markdown. The privacy officer reviews
 * it and sends it through Datatilsynet's own form.
 */
export function draftNotification(view: IncidentView, config: Config): string {
  const { incident } = view

  return [
    `# Melding om brudd på personopplysningssikkerheten`,
    '',
    `**Sak:** ${incident.title}`,
    `**Oppdaget:** ${incident.discoveredAt}`,
    `**Frist for melding (72 timer):** ${view.deadline}`,
    lateNote(view),
    '',
    section('Hva har skjedd', incident.description),
    section('Bruddets art', incident.nature),
    section('Kategorier personopplysninger', incident.dataCategories),
    section('Omfang', scope(view)),
    section('Sannsynlige konsekvenser', incident.consequences),
    section('Tiltak som er satt inn eller foreslås', measures(view)),
    section('Kontaktperson', contact(config)),
  ]
    .filter((part) => part !== null)
    .join('\n')
}

function section(title: string, text: string): string {
  const body = text.trim() === '' ? '_Ikke registrert ennå._' : text.trim()

  return `## ${title}\n\n${body}\n`
}

function scope(view: IncidentView): string {
  const people = view.incident.approxPeople
  const records = view.incident.approxRecords

  return [
    `Omtrent ${people ?? 'ukjent antall'} berørte personer.`,
    `Omtrent ${records ?? 'ukjent antall'} berørte registreringer.`,
  ].join('\n')
}

function measures(view: IncidentView): string {
  const done = view.steps
    .filter((step) => step.done)
    .map((step) => {
      const note = step.done!.note ? `: ${step.done!.note}` : ''
      return `- ${step.nb} (utført ${step.done!.doneAt})${note}`
    })

  return [view.incident.measures.trim(), ...done].filter(Boolean).join('\n')
}

function contact(config: Config): string {
  const parts = [config.dpoName, config.dpoEmail, config.dpoPhone]
  const given = parts.filter((p): p is string => Boolean(p))

  return given.length > 0
    ? `Personvernombud: ${given.join(', ')}`
    : 'Personvernombud: ikke satt (TELEKOST_DPO_NAME, TELEKOST_DPO_EMAIL).'
}

/** Art. 33(1): a late notification gives the reasons for the delay. */
function lateNote(view: IncidentView): string | null {
  if (view.msLeft > 0) return null

  return (
    '\n**Meldingen sendes etter fristen.** Begrunnelse for forsinkelsen: ' +
    '_fyll inn_.'
  )
}
