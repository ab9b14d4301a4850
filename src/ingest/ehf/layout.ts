/** Where an EHF invoice line carries the subscription it belongs to. */
export interface EhfLayout {
  /** The `AdditionalItemProperty` name holding the phone number. */
  phoneProperty: string
  userProperty: string
  /**
   * Other places to look for the phone number when a line has no such
   * property. Off unless a profile asks for them: a `Note` or a seller's
   * item id that happens to look like a number is not a subscription.
   */
  phoneFallbacks?: EhfPhoneFallback[]
}

export type EhfPhoneFallback = 'sellers-item-id' | 'note'

/** Telia Norge's EHF: `Telefonnummer` and `Bruker` on every line. */
export const TELIA_EHF_LAYOUT: EhfLayout = {
  phoneProperty: 'Telefonnummer',
  userProperty: 'Bruker',
}
