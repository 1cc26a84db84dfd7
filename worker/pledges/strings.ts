/** Strings of the hosted pledge pages only (the widget never shows them), in every language. */
import { societyInSpanish } from '../../src/content/society-articles.ts';
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  /** The thank-you's link home: the society's name, and its partner id (Spanish gives a member society its article). */
  back: (site: string, _id: string) => `Back to ${site}`,
  /** Before the pledge page's address on the thank-you (no script there to copy it). */
  copyAddress: 'Or copy this address:',
  /** The thank-you's way back to the form when the address was mistyped (as the widget's "Wrong address?"): a new pledge, the first never confirmed. */
  correctAddress: 'Wrong address? Pledge again with the right one',
  /** Each select's first, empty choice: said, not read out as "blank". */
  chooseState: 'Choose a state or territory',
  chooseCountry: 'Choose a country',
  /** The honeypot's label: hidden from people, shown only if the page's styles fail to load. */
  trapLabel: 'Leave this empty',
  /** What a confirmation link confirms, beside the society, the role, the name, the organization and the region. */
  confirmUpdates: 'Updates by email',
  yes: 'Yes',
  no: 'No',
};

export const PAGE_STRINGS: Record<Lang, typeof en> = {
  en,
  es: {
    back: (site, id) => `Volver ${societyInSpanish(id, site, 'a')}`,
    copyAddress: 'O copie esta dirección:',
    correctAddress: '¿Dirección equivocada? Vuelva a firmar con la dirección correcta',
    chooseState: 'Elija un estado o territorio',
    chooseCountry: 'Elija un país',
    trapLabel: 'Deje esto vacío',
    confirmUpdates: 'Novedades por correo',
    yes: 'Sí',
    no: 'No',
  },
};
