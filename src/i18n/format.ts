/**
 * Filling the strings' slots, shared by the widget and the Worker's pages. Small on purpose:
 * `Intl.NumberFormat` and `Intl.PluralRules` cost tens of milliseconds on first use (profiled),
 * more than the whole first render may take.
 */

/** A count phrase: the singular for exactly one, the plural otherwise (English and Spanish agree on this for whole numbers). */
export interface Plural {
  one: string;
  other: string;
}

/** `template` with each `{key}` replaced by `values[key]`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, key: string) => String(values[key] ?? slot));
}

/**
 * A whole number grouped in thousands with a comma, 12,345, in both languages: US (and Mexican)
 * Spanish writes it so too (Spain's 12.345 reads as a decimal to US readers; the Worker's pages use `es-US`).
 */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The plural form for `n`, filled with the grouped number. */
export function plural(forms: Plural, n: number): string {
  return fill(n === 1 ? forms.one : forms.other, { n: formatCount(n) });
}
