/**
 * The coalition's own words and figures (from its pledge page), as data.
 * Templates read from here; nothing about the coalition is written into markup.
 */
import type { Lang } from '../pledge-schema.ts';

/** Member societies: id (the `partner` attribute), short name and full name. */
export const SOCIETIES = [
  { id: 'acr', short: 'ACR', name: 'American College of Radiology' },
  { id: 'arrs', short: 'ARRS', name: 'American Roentgen Ray Society' },
  { id: 'aur', short: 'AUR', name: 'Association of University Radiologists' },
  { id: 'rsna', short: 'RSNA', name: 'Radiological Society of North America' },
  { id: 'scard', short: 'SCARD', name: 'Society of Chairs of Academic Radiology Departments' },
  { id: 'sir', short: 'SIR', name: 'Society of Interventional Radiology' },
  { id: 'abr', short: 'ABR', name: 'American Board of Radiology' },
] as const;

/** A figure the widget draws: `value` of `max` as a bar, with its sentence as text. */
export interface Fact {
  value: number;
  max: number;
  unit: 'times' | 'percent';
  text: Record<Lang, string>;
}

export const FACTS: readonly Fact[] = [
  {
    value: 3,
    max: 3,
    unit: 'times',
    text: {
      en: 'Black Americans with diabetes are three times more likely to lose a limb to amputation than others.',
      es: 'Las personas afroamericanas con diabetes tienen tres veces más probabilidades de sufrir una amputación que el resto.',
    },
  },
  {
    value: 42,
    max: 100,
    unit: 'percent',
    text: {
      en: 'African American women are 42% more likely to die from breast cancer than white women.',
      es: 'Las mujeres afroamericanas tienen un 42 % más de probabilidades de morir de cáncer de mama que las mujeres blancas.',
    },
  },
  {
    value: 19,
    max: 100,
    unit: 'percent',
    text: {
      en: 'A study estimates that 19% of the racial disparity in colorectal cancer death rates can be attributed to less screening.',
      es: 'Un estudio estima que el 19 % de la disparidad racial en la mortalidad por cáncer colorrectal se debe a un menor cribado.',
    },
  },
];

/** The convening story, in short. */
export const STORY: Record<Lang, string> = {
  en: 'Convened by the ACR, the coalition brings all of radiology together to address health disparities and measurably change outcomes for patients.',
  es: 'Convocada por el ACR, la coalición reúne a toda la radiología para abordar las disparidades en salud y mejorar de forma medible los resultados para los pacientes.',
};

/** The short name of a member society, or its id upper-cased for partners added later. */
export function societyShortName(id: string): string {
  return SOCIETIES.find((s) => s.id === id)?.short ?? id.toUpperCase();
}
