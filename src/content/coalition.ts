/**
 * The coalition's own words and figures (from its pledge page), as data.
 * Templates read from here; nothing about the coalition is written into markup. Sentences a
 * person reads are in the strings tables (`src/i18n/`), in every language.
 */

/** Member societies: id (the `partner` attribute), short name and full name. */
export const SOCIETIES = [
  { id: 'acr', short: 'ACR', name: 'American College of Radiology' },
  { id: 'arrs', short: 'ARRS', name: 'American Roentgen Ray Society' },
  { id: 'aur', short: 'AUR', name: 'Association of University Radiologists' },
  { id: 'rsna', short: 'RSNA', name: 'Radiological Society of North America' },
  { id: 'scard', short: 'SCARD', name: 'Society of Chairs of Academic Radiology Departments' },
  { id: 'sir', short: 'SIR', name: 'Society of Interventional Radiology' },
  { id: 'abr', short: 'ABR', name: 'American Board of Radiology' },
] as const;

/**
 * A figure of the coalition's facts (their sentences are in the strings tables, `facts`).
 * Only a share of a whole (`share`) is drawn as a bar; a relative figure ("3×", "42% more
 * likely") is shown as text alone, since a bar would picture it as a part of something.
 */
export interface Fact {
  value: number;
  unit: 'times' | 'percent';
  share?: boolean;
}

export const FACTS: readonly Fact[] = [
  { value: 3, unit: 'times' },
  { value: 42, unit: 'percent' },
  { value: 19, unit: 'percent', share: true },
];

/** The short name of a member society, or its id upper-cased for partners added later. */
export function societyShortName(id: string): string {
  return SOCIETIES.find((s) => s.id === id)?.short ?? id.toUpperCase();
}
