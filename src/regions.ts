/**
 * Where a pledger or an organization is, as structured data: ISO 3166-2 codes for the 50 US
 * states, DC and the five inhabited territories (`US-CA`, `US-PR`), ISO 3166-1 alpha-2 codes for
 * every other country (`MX`; `CA` is Canada). Used by the Worker (the pledge and organization
 * schemas, the forms, /api/regions, the impact page); the widget never imports it: it asks the
 * Worker for the options (GET /api/regions).
 *
 * Country codes and names come from `i18n-iso-countries`, read at build time by
 * `scripts/build-geo.ts` into `generated/countries.ts`, so the Worker carries two languages
 * of names, not the library's eighty.
 */
import { COUNTRIES } from './generated/countries.ts';
import type { Lang } from './pledge-fields.ts';

/** `[code, FIPS, English, Spanish]`: the FIPS code joins a state to its shape in us-atlas. */
type UsRegion = readonly [code: string, fips: string, en: string, es: string];

/** The 50 states and DC, then the territories, in English alphabetical order. */
export const US_STATES: readonly UsRegion[] = [
  ['US-AL', '01', 'Alabama', 'Alabama'],
  ['US-AK', '02', 'Alaska', 'Alaska'],
  ['US-AZ', '04', 'Arizona', 'Arizona'],
  ['US-AR', '05', 'Arkansas', 'Arkansas'],
  ['US-CA', '06', 'California', 'California'],
  ['US-CO', '08', 'Colorado', 'Colorado'],
  ['US-CT', '09', 'Connecticut', 'Connecticut'],
  ['US-DE', '10', 'Delaware', 'Delaware'],
  ['US-DC', '11', 'District of Columbia', 'Distrito de Columbia'],
  ['US-FL', '12', 'Florida', 'Florida'],
  ['US-GA', '13', 'Georgia', 'Georgia'],
  ['US-HI', '15', 'Hawaii', 'Hawái'],
  ['US-ID', '16', 'Idaho', 'Idaho'],
  ['US-IL', '17', 'Illinois', 'Illinois'],
  ['US-IN', '18', 'Indiana', 'Indiana'],
  ['US-IA', '19', 'Iowa', 'Iowa'],
  ['US-KS', '20', 'Kansas', 'Kansas'],
  ['US-KY', '21', 'Kentucky', 'Kentucky'],
  ['US-LA', '22', 'Louisiana', 'Luisiana'],
  ['US-ME', '23', 'Maine', 'Maine'],
  ['US-MD', '24', 'Maryland', 'Maryland'],
  ['US-MA', '25', 'Massachusetts', 'Massachusetts'],
  ['US-MI', '26', 'Michigan', 'Míchigan'],
  ['US-MN', '27', 'Minnesota', 'Minnesota'],
  ['US-MS', '28', 'Mississippi', 'Misisipi'],
  ['US-MO', '29', 'Missouri', 'Misuri'],
  ['US-MT', '30', 'Montana', 'Montana'],
  ['US-NE', '31', 'Nebraska', 'Nebraska'],
  ['US-NV', '32', 'Nevada', 'Nevada'],
  ['US-NH', '33', 'New Hampshire', 'Nuevo Hampshire'],
  ['US-NJ', '34', 'New Jersey', 'Nueva Jersey'],
  ['US-NM', '35', 'New Mexico', 'Nuevo México'],
  ['US-NY', '36', 'New York', 'Nueva York'],
  ['US-NC', '37', 'North Carolina', 'Carolina del Norte'],
  ['US-ND', '38', 'North Dakota', 'Dakota del Norte'],
  ['US-OH', '39', 'Ohio', 'Ohio'],
  ['US-OK', '40', 'Oklahoma', 'Oklahoma'],
  ['US-OR', '41', 'Oregon', 'Oregón'],
  ['US-PA', '42', 'Pennsylvania', 'Pensilvania'],
  ['US-RI', '44', 'Rhode Island', 'Rhode Island'],
  ['US-SC', '45', 'South Carolina', 'Carolina del Sur'],
  ['US-SD', '46', 'South Dakota', 'Dakota del Sur'],
  ['US-TN', '47', 'Tennessee', 'Tennessee'],
  ['US-TX', '48', 'Texas', 'Texas'],
  ['US-UT', '49', 'Utah', 'Utah'],
  ['US-VT', '50', 'Vermont', 'Vermont'],
  ['US-VA', '51', 'Virginia', 'Virginia'],
  ['US-WA', '53', 'Washington', 'Washington'],
  ['US-WV', '54', 'West Virginia', 'Virginia Occidental'],
  ['US-WI', '55', 'Wisconsin', 'Wisconsin'],
  ['US-WY', '56', 'Wyoming', 'Wyoming'],
];

export const US_TERRITORIES: readonly UsRegion[] = [
  ['US-AS', '60', 'American Samoa', 'Samoa Americana'],
  ['US-GU', '66', 'Guam', 'Guam'],
  ['US-MP', '69', 'Northern Mariana Islands', 'Islas Marianas del Norte'],
  ['US-PR', '72', 'Puerto Rico', 'Puerto Rico'],
  ['US-VI', '78', 'U.S. Virgin Islands', 'Islas Vírgenes de los Estados Unidos'],
];

/** States, DC and territories: what the form's first select offers. */
export const US_REGIONS: readonly UsRegion[] = [...US_STATES, ...US_TERRITORIES];

/**
 * Country codes a pledge may name: ISO 3166-1 alpha-2, except the United States and its five
 * inhabited territories, which are named by their ISO 3166-2 codes above (`US-PR`, not `PR`).
 */
export const COUNTRY_CODES: readonly string[] = Object.keys(COUNTRIES).filter(
  (code) => !['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM'].includes(code),
);

const US_BY_CODE = new Map(US_REGIONS.map((r) => [r[0], r]));
const COUNTRY_SET = new Set(COUNTRY_CODES);

/** True for a code a pledge may carry (already upper-cased). */
export function isRegionCode(code: string): boolean {
  return US_BY_CODE.has(code) || COUNTRY_SET.has(code);
}

/**
 * The region code for a value a person or a client sent, upper-cased and trimmed, or null when
 * it is not one of the codes above.
 */
export function regionCode(value: string): string | null {
  const code = value.trim().toUpperCase();
  return isRegionCode(code) ? code : null;
}

/**
 * Codes people often give for a place the list names otherwise: an inhabited US territory by its
 * country code (`PR`; here `US-PR`), the United Kingdom as `UK` (ISO's code is `GB`), and the
 * United States as a whole (`US`), which the list names by state or territory: which one, only the
 * person knows, so `US` stands for "a state or territory" here. Refused still, but told what to use.
 */
const MEANT: Readonly<Record<string, string>> = { PR: 'US-PR', GU: 'US-GU', VI: 'US-VI', AS: 'US-AS', MP: 'US-MP', UK: 'GB', US: 'US' };

/** The code meant by a value that is one of those mistakes (`pr`, ` UK `; `US` for ` us `), else undefined. */
export function regionMeant(value: unknown): string | undefined {
  return typeof value === 'string' ? MEANT[value.trim().toUpperCase()] : undefined;
}

/** True for a US state, DC or territory code. */
export function isUsRegion(code: string): boolean {
  return US_BY_CODE.has(code);
}

/** A region's name in `lang` (`en`, `es`, or a tag such as `es-MX`; the code itself if unknown). */
export function regionName(code: string, lang: Lang | string): string {
  const es = lang.toLowerCase().startsWith('es');
  const us = US_BY_CODE.get(code);
  if (us) return es ? us[3] : us[2];
  const country = COUNTRIES[code];
  return country ? country[es ? 1 : 0] : code;
}

/** Options for the form's selects, sorted by their name in `lang` (accents compare as letters). */
export function regionOptions(lang: Lang): { us: [string, string][]; countries: [string, string][] } {
  const collator = new Intl.Collator(lang);
  const byName = (a: [string, string], b: [string, string]) => collator.compare(a[1], b[1]);
  return {
    us: US_REGIONS.map((r): [string, string] => [r[0], regionName(r[0], lang)]).sort(byName),
    countries: COUNTRY_CODES.map((c): [string, string] => [c, regionName(c, lang)]).sort(byName),
  };
}
