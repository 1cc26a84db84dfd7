/**
 * The pledge's vocabulary: its fields, roles and languages. Plain data with no
 * validation library, so the widget can use it without carrying zod; the zod
 * schema in `pledge-schema.ts` is built from it.
 */

/** Roles a pledger can choose, in the order the form shows them. */
export const ROLES = ['radiologist', 'trainee', 'technologist', 'physicist', 'nurse', 'leader', 'other'] as const;
export type Role = (typeof ROLES)[number];

/** Languages the widget, the emails and the Worker's messages speak. */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** The fields a pledge is made of, in the order the form shows them. */
export const FIELDS = [
  'partner',
  'name',
  'email',
  'role',
  'organization',
  'region',
  'commitment',
  'updates',
] as const;
export type Field = (typeof FIELDS)[number];

/** Longest accepted value of each text field, in characters. */
export const MAX_LENGTH = { name: 120, email: 254, organization: 200, region: 100 } as const;

/** A key of the strings tables (`src/i18n/en.ts`) whose value is plain text. */
export type TextKey =
  | 'nameLabel'
  | 'emailLabel'
  | 'emailHint'
  | 'organizationLabel'
  | 'regionLegend'
  | 'regionUsLabel'
  | 'regionCountryLabel'
  | 'roleLegend'
  | 'commitmentLegend';

/** A text box: what both forms need to draw it the same way. */
export interface TextInput {
  kind: 'text';
  name: 'name' | 'email' | 'organization';
  label: TextKey;
  type?: 'email';
  autocomplete?: string;
  hint?: TextKey;
  optional?: boolean;
  /** Names and addresses are not words: no red underlines. */
  noSpellcheck?: boolean;
}

/** One choice among fixed options (radios). */
export interface Choice {
  kind: 'choice';
  name: 'role';
  label: TextKey;
  options: readonly Role[];
}

/** The commitment and the updates opt-in (checkboxes in one group). */
export interface Consent {
  kind: 'consent';
  name: 'commitment';
  label: TextKey;
}

/**
 * Where the pledger works: a US state or territory, or a country outside the United States, as
 * two native selects in one group (without JavaScript one cannot reveal the other). Both send a
 * code (`US-CA`, `CA`); choosing both is an error. Option names are not in this description: the
 * hosted page takes them from `src/regions.ts`, the widget from `GET /api/regions?lang=`, so the
 * drop-in script carries no list of places.
 */
export interface RegionSelects {
  kind: 'region';
  name: 'region';
  label: TextKey;
  /** The two selects: field name and label; the first carries US codes, the second countries. */
  selects: readonly [{ name: 'region'; label: TextKey }, { name: 'country'; label: TextKey }];
  optional: true;
}

export type FormField = TextInput | Choice | RegionSelects | Consent;

/**
 * The pledge form, described once: the widget (`src/rhec-pledge.ts`) and the hosted page
 * (`worker/pledges/page.ts`) both draw their fields from this list, in this order, so the two
 * cannot drift. Labels and hints are keys into the strings tables; lengths come from `MAX_LENGTH`.
 * A new kind of field (a region select, a kiosk's fewer fields) is a new entry and a new
 * `kind` both renderers learn.
 */
export const FORM: readonly FormField[] = [
  { kind: 'text', name: 'name', label: 'nameLabel', autocomplete: 'name', noSpellcheck: true },
  { kind: 'text', name: 'email', label: 'emailLabel', type: 'email', autocomplete: 'email', hint: 'emailHint', noSpellcheck: true },
  { kind: 'choice', name: 'role', label: 'roleLegend', options: ROLES },
  { kind: 'text', name: 'organization', label: 'organizationLabel', autocomplete: 'organization', optional: true },
  {
    kind: 'region',
    name: 'region',
    label: 'regionLegend',
    selects: [
      { name: 'region', label: 'regionUsLabel' },
      { name: 'country', label: 'regionCountryLabel' },
    ],
    optional: true,
  },
  { kind: 'consent', name: 'commitment', label: 'commitmentLegend' },
];

/** The honeypot: a text box hidden from people, which only bots fill in. Both forms carry it (the widget's template writes it out: change it there too). */
export const HONEYPOT = 'website';

/**
 * A source code: which newsletter, poster or booth brought a pledge (after Action Network's).
 * Up to 64 of `a-z`, `0-9` and `-`; trimmed and lower-cased first. Anything else is dropped,
 * never an error: the pledge itself is valid.
 */
export const SOURCE_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The source code in `value`, cleaned, or `undefined` when there is none or it is not one. */
export function cleanSource(value: unknown): string | undefined {
  const source = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return SOURCE_PATTERN.test(source) ? source : undefined;
}
