/** Strings of the hosted pledge pages only (the widget never shows them), in every language. */
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  back: 'Back to {site}',
  /** Before the pledge page's address on the thank-you (no script there to copy it). */
  copyAddress: 'Or copy this address:',
};

export const PAGE_STRINGS: Record<Lang, typeof en> = {
  en,
  es: {
    back: 'Volver a {site}',
    copyAddress: 'O copie esta dirección:',
  },
};
