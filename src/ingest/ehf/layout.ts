/** Where an EHF invoice line carries the subscription it belongs to. */
export interface EhfLayout {
  /** The `AdditionalItemProperty` name holding the phone number. */
  phoneProperty: string
  userProperty: string
}
