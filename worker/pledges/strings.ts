/** Strings of the hosted pledge pages only (the widget never shows them), in every language. */
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  back: 'Back to {site}',
};

export const PAGE_STRINGS: Record<Lang, typeof en> = {
  en,
  es: {
    back: 'Volver a {site}',
  },
};
