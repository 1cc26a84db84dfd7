/** Strings of the hosted pledge pages only (the widget never shows them), in every language. */
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  society: 'Your society',
  societyHint: 'Your pledge counts for the society you choose, and for the coalition.',
  societyMissing: 'Select your society',
  back: 'Back to {site}',
};

export const PAGE_STRINGS: Record<Lang, typeof en> = {
  en,
  es: {
    society: 'Su sociedad',
    societyHint: 'Su compromiso cuenta para la sociedad que elija y para la coalición.',
    societyMissing: 'Seleccione su sociedad',
    back: 'Volver a {site}',
  },
};
