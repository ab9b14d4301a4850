/** Where the PDF reader finds things on a supplier's invoice. */
export interface PdfLayout {
  /** The heading of a subscription block, e.g. `Tjenestespesifikasjon for`. */
  blockHeading: string
}
