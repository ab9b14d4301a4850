/** How the spreadsheet reader recognises a specification's columns. */
export interface SheetLayout {
  /** Header synonyms per field, lower case. */
  columns: Record<string, string[]>
}
