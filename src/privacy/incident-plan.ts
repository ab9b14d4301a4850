/**
 * The response plan for a personal-data breach, as data: four phases
 * counted from the moment of discovery, each with its steps.
 */
export type PhaseKey = '15m' | '1h' | '24h' | '72h'

export interface PlanStep {
  key: string
  phase: PhaseKey
  nb: string
  en: string
}

export interface Phase {
  key: PhaseKey
  /** Due this long after discovery. */
  minutes: number
  nb: string
  en: string
}

export const PHASES: readonly Phase[] = [
  { key: '15m', minutes: 15, nb: 'Første 15 minutter', en: 'First 15 minutes' },
  { key: '1h', minutes: 60, nb: 'Første time', en: 'First hour' },
  { key: '24h', minutes: 24 * 60, nb: 'Første døgn', en: 'First 24 hours' },
  { key: '72h', minutes: 72 * 60, nb: 'Innen 72 timer', en: 'Within 72 hours' },
]

/** The step whose completion stops the Datatilsynet countdown. */
export const NOTIFY_AUTHORITY = 'notify-datatilsynet'

export const PLAN: readonly PlanStep[] = [
  {
    key: 'isolate',
    phase: '15m',
    nb: 'Isoler berørte systemer og kontoer',
    en: 'Isolate the affected systems and accounts',
  },
  {
    key: 'record-observations',
    phase: '15m',
    nb: 'Skriv ned hva som er sett, når og av hvem',
    en: 'Record what was seen, when and by whom',
  },
  {
    key: 'notify-it-management',
    phase: '15m',
    nb: 'Varsle IT-sikkerhet og ledelsen',
    en: 'Notify IT security and management',
  },
  {
    key: 'assess-scope',
    phase: '1h',
    nb: 'Vurder omfang: hvilke personer, data og systemer',
    en: 'Assess the scope: which people, data and systems',
  },
  {
    key: 'contact-legal',
    phase: '1h',
    nb: 'Kontakt juridisk',
    en: 'Contact legal',
  },
  {
    key: 'prepare-communication',
    phase: '1h',
    nb: 'Forbered kommunikasjon internt og eksternt',
    en: 'Prepare internal and external communication',
  },
  {
    key: 'decide-reporting',
    phase: '24h',
    nb: 'Avgjør om bruddet skal meldes til Datatilsynet',
    en: 'Decide whether to report the breach to Datatilsynet',
  },
  {
    key: 'temporary-measures',
    phase: '24h',
    nb: 'Sett inn midlertidige tiltak',
    en: 'Put temporary measures in place',
  },
  {
    key: 'forensics',
    phase: '24h',
    nb: 'Sikre spor og start teknisk undersøkelse',
    en: 'Secure evidence and start the forensic investigation',
  },
  {
    key: NOTIFY_AUTHORITY,
    phase: '72h',
    nb: 'Send full melding til Datatilsynet (eller begrunn hvorfor ikke)',
    en: 'Send the full notification to Datatilsynet (or record why not)',
  },
  {
    key: 'inform-affected',
    phase: '72h',
    nb: 'Informer de berørte personene',
    en: 'Inform the people affected',
  },
  {
    key: 'permanent-fixes',
    phase: '72h',
    nb: 'Innfør varige tiltak',
    en: 'Put permanent fixes in place',
  },
]

export function isPlanStep(key: string): boolean {
  return PLAN.some((step) => step.key === key)
}

export function phaseOf(key: PhaseKey): Phase {
  return PHASES.find((phase) => phase.key === key)!
}
