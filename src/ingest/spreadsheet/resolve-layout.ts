import type { LayoutProfile } from '../profile.js'
import type {
  SheetField,
  SheetLayout,
  SummaryField,
  TitleField,
} from './layout.js'
import { teliaSheetLayout } from './telia-layout.js'

/** A layout with every part filled in, the Telia defaults under a profile. */
export interface ResolvedLayout {
  columns: Partial<Record<SheetField, string[]>>
  mapping: Partial<Record<SheetField, string>> | undefined
  required: SheetField[]
  titles: Record<TitleField, string[]>
  totalWords: string[]
  sheetNames: string[]
  summary:
    | { sheetNames: string[]; columns: Record<SummaryField, string[]> }
    | undefined
}

export function resolveLayout(profile?: LayoutProfile): ResolvedLayout {
  const base = teliaSheetLayout
  const own: Partial<SheetLayout> = profile?.sheet ?? {}
  const summary = own.summary ?? base.summary

  return {
    columns: { ...base.columns, ...own.columns },
    mapping: own.mapping,
    required: own.required ?? base.required ?? [],
    titles: own.titles ?? base.titles!,
    totalWords: own.totalWords ?? base.totalWords ?? [],
    sheetNames: own.sheetNames ?? base.sheetNames ?? [],
    summary: summary && {
      sheetNames: summary.sheetNames ?? [],
      columns: summary.columns,
    },
  }
}
