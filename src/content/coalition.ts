/**
 * The coalition's own words and figures (from its pledge page), as data.
 * Templates read from here; nothing about the coalition is written into markup. Sentences a
 * person reads are in the strings tables (`src/i18n/`), in every language.
 */

/** Member societies: short name and full name. Each one's `partner` id is its short name in lower case (`rsna`). */
export const SOCIETIES = [
  { short: 'ACR', name: 'American College of Radiology' },
  { short: 'ARRS', name: 'American Roentgen Ray Society' },
  { short: 'AUR', name: 'Association of University Radiologists' },
  { short: 'RSNA', name: 'Radiological Society of North America' },
  { short: 'SCARD', name: 'Society of Chairs of Academic Radiology Departments' },
  { short: 'SIR', name: 'Society of Interventional Radiology' },
  { short: 'ABR', name: 'American Board of Radiology' },
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
