/** What the poster says, in English and Spanish. The commitment itself comes from src/i18n. */
import type { Lang } from '../../src/pledge-fields.ts';

export const POSTER_STRINGS = {
  en: {
    coalition: 'Radiology Health Equity Coalition',
    tagline: 'Where all of radiology comes together to make a difference',
    scan: 'Scan to sign the pledge',
    scanHint: 'Point your phone’s camera at the code. It takes under a minute.',
    orVisit: 'Or visit',
    through: (society: string) => `Pledging through ${society}`,
    members: 'Coalition members',
    qrLabel: (url: string) => `QR code that opens ${url}`,
    printTitle: (society: string) => `Pledge poster for ${society}`,
    printHelp: 'Print this page: it fits one sheet of US Letter or A4, portrait. Turn off the browser’s headers and footers for a clean sheet.',
    printButtonHint: 'Use your browser’s Print command (Ctrl+P or ⌘P).',
    svgLink: 'Download as SVG for designers',
    sourceNote: (source: string) => `Source code: ${source}`,
    badSourceNote: (given: string, length: number) =>
      `The source code “${given}” cannot be used, so this poster has none: use up to 64 lowercase letters, digits and hyphens, like booth-2026${length > 64 ? ` (this one has ${length} characters)` : ''}.`,
    useFix: (fix: string) => `Make it with “${fix}” instead`,
    noSourceNote: 'No source code: add ?source=booth-2026 to the address to tell this poster’s pledges apart.',
    badPartnerTitle: 'This poster cannot be made',
    missingPartner: 'Choose a society: add ?partner= with a member society’s id to the address, for example /poster?partner=rsna&source=booth-2026&lang=en.',
    unknownPartner: (id: string) => `“${id}” is not an active coalition member. Check the society’s id with a coalition maintainer.`,
  },
  es: {
    coalition: 'Radiology Health Equity Coalition',
    tagline: 'Donde toda la radiología se une para marcar la diferencia',
    scan: 'Escanee para firmar el compromiso',
    scanHint: 'Apunte la cámara de su teléfono al código. Lleva menos de un minuto.',
    orVisit: 'O visite',
    through: (society: string) => `Compromiso a través de ${society}`,
    members: 'Miembros de la coalición',
    qrLabel: (url: string) => `Código QR que abre ${url}`,
    printTitle: (society: string) => `Póster del compromiso para ${society}`,
    printHelp: 'Imprima esta página: cabe en una hoja US Letter o A4, vertical. Desactive los encabezados y pies de página del navegador para una hoja limpia.',
    printButtonHint: 'Use el comando Imprimir del navegador (Ctrl+P o ⌘P).',
    svgLink: 'Descargar en SVG para diseñadores',
    sourceNote: (source: string) => `Código de origen: ${source}`,
    badSourceNote: (given: string, length: number) =>
      `El código de origen «${given}» no se puede usar, así que este póster no tiene ninguno: use hasta 64 letras minúsculas, cifras y guiones, como stand-2026${length > 64 ? ` (este tiene ${length} caracteres)` : ''}.`,
    useFix: (fix: string) => `Crearlo con «${fix}»`,
    noSourceNote: 'Sin código de origen: añada ?source=stand-2026 a la dirección para distinguir los compromisos de este póster.',
    badPartnerTitle: 'No se puede crear este póster',
    missingPartner: 'Elija una sociedad: añada ?partner= con el identificador de una sociedad miembro a la dirección, por ejemplo /poster?partner=rsna&source=stand-2026&lang=es.',
    unknownPartner: (id: string) => `«${id}» no es un miembro activo de la coalición. Confirme el identificador de la sociedad con quien mantiene la coalición.`,
  },
} satisfies Record<Lang, Record<string, unknown>>;
