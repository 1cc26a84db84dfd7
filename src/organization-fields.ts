/**
 * An organizational pledge's vocabulary: its fields, types and size bands. Plain data with no
 * validation library, so a form (the widget's or the Worker's hosted `/join`) can use it
 * without carrying zod; the zod schema in `organization-schema.ts` is built from it.
 */

/** Kinds of organization, in the order the form shows them. */
export const ORG_TYPES = ['practice', 'department', 'health-system', 'imaging-center', 'society', 'industry', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** Approximate number of radiologists, in bands. */
export const ORG_SIZES = ['1-9', '10-49', '50-199', '200-999', '1000+'] as const;
export type OrgSize = (typeof ORG_SIZES)[number];

/** Where an organization stands: confirmed by its contact, then approved or declined by a maintainer. */
export const ORG_STATUSES = ['unconfirmed', 'pending', 'approved', 'declined', 'withdrawn'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

/** The fields of the form, in the order it shows them (nested ones named as errors name them). */
export const ORG_FIELDS = [
  'partner',
  'name',
  'type',
  'website',
  'region',
  'size',
  'contact.name',
  'contact.email',
  'contact.title',
  'commitment',
  'listPublicly',
] as const;
export type OrgField = (typeof ORG_FIELDS)[number];

/** Longest accepted value of each text field, in characters. */
export const ORG_MAX_LENGTH = { name: 200, website: 300, contactName: 120, email: 254, title: 120 } as const;
