/**
 * The coalition's own page, whole (shared/content/coalition-page.txt), for `/about`: its story
 * with every member society named, who convenes it, the facts with the words around them, and
 * how an organization joins. English is the coalition's text as written; Spanish translates it.
 * The widget keeps its one-line story (its script has a size budget) and the hosted pages link here.
 */
import { SOCIETIES } from '../../src/content/coalition.ts';
import type { Lang } from '../../src/pledge-fields.ts';

/** The member societies' full names, in the coalition's own order. */
const NAMES = SOCIETIES.map((s) => s.name);

export interface AboutStrings {
  title: string;
  tagline: string;
  story: string[];
  /** Under the commitment: the email that follows the form, and the coalition's promise. */
  afterSigning: string;
  signLink: string;
  conveningHeading: string;
  convening: string[];
  factsHeading: string;
  factsAfter: string;
  quote: string;
  /** Said of a quotation shown in another language than it was written in (empty in its own). */
  quoteNote: string;
  joinHeading: string;
  joinLink: string;
  joinedLink: string;
  impactLink: string;
  /** The link other hosted pages give to this one. */
  moreLink: string;
  shareDescription: string;
}

export const ABOUT_STRINGS: Record<Lang, AboutStrings> = {
  en: {
    title: 'About the coalition',
    tagline: 'Where all of radiology comes together to make a difference',
    story: [
      `The Radiology Health Equity Coalition — with representatives from the ${NAMES.slice(0, -1).join(', ')} and ${NAMES.at(-1)} — will bring together the radiology community to address health disparities and measurably change outcomes. This mobilized network of patient-focused radiologists will collect and disseminate resources and best practices, advocate for and connect with patients and community members, and collaborate on programs and services to empower others to act. Radiology organizations and individuals will join this effort over the coming months.`,
    ],
    afterSigning:
      'Look for an email from the coalition once you have signed: it asks you to confirm your pledge. We commit to keep you informed and updated about health equity in radiology.',
    signLink: 'Sign the pledge',
    conveningHeading: 'Who is convening the Radiology Health Equity Coalition?',
    convening: [
      'The ACR will convene the Coalition, providing seed funding through June 2022. All Coalition members will have a role in governance, direction and decision making. Going forward, we envision all members having a financial stake in Coalition operations based on their size.',
      'Our Mobilization Team will identify goals for the growing Coalition and develop an operational plan to act on pressing issues that affect our patients. The Coalition Framework will leverage the expertise and core competencies of each of the radiology organizations that join the group.',
    ],
    factsHeading: 'Promoting health equity',
    factsAfter:
      'The radiology-related health disparities noted above are difficult to read but present opportunities for radiologists to take action to improve health equity. Dr. Howard Fleishon, ACR Board Chair, stated in his April 2021 ACR Bulletin article:',
    quote: 'Radiologists are in a unique position to lead efforts to address health disparities and accommodate the needs of diverse patients.',
    quoteNote: '',
    joinHeading: 'How can my organization join the Coalition?',
    joinLink: 'Ask to join as an organization',
    joinedLink: 'See the organizations that have joined',
    impactLink: 'See the pledges so far',
    moreLink: 'About the coalition',
    shareDescription:
      'The Radiology Health Equity Coalition brings together the radiology community to address health disparities and measurably change outcomes.',
  },
  es: {
    title: 'Acerca de la coalición',
    tagline: 'Donde toda la radiología se une para marcar la diferencia',
    story: [
      `La Radiology Health Equity Coalition, con representantes del ${NAMES[0]}, la ${NAMES[1]}, la ${NAMES[2]}, la ${NAMES[3]}, la ${NAMES[4]}, la ${NAMES[5]} y el ${NAMES[6]}, reunirá a la comunidad radiológica para abordar las disparidades en salud y cambiar de forma medible los resultados. Esta red movilizada de radiólogos y radiólogas centrados en el paciente recopilará y difundirá recursos y buenas prácticas, abogará por los pacientes y los miembros de la comunidad y se relacionará con ellos, y colaborará en programas y servicios que capaciten a otros para actuar. En los próximos meses se unirán a este esfuerzo organizaciones de radiología y personas a título individual.`,
    ],
    afterSigning:
      'Cuando firme, recibirá un correo de la coalición para confirmar su compromiso. Nos comprometemos a enviarle información y novedades sobre la equidad en salud en radiología.',
    signLink: 'Firme el compromiso',
    conveningHeading: '¿Quién convoca la Radiology Health Equity Coalition?',
    convening: [
      'El ACR convocará la coalición y aportará la financiación inicial hasta junio de 2022. Todos los miembros de la coalición tendrán un papel en su gobierno, su dirección y la toma de decisiones. En adelante, prevemos que todos los miembros tengan una participación económica en el funcionamiento de la coalición según su tamaño.',
      'Nuestro Equipo de Movilización definirá los objetivos de la coalición, que sigue creciendo, y elaborará un plan operativo para actuar ante los problemas urgentes que afectan a nuestros pacientes. El Marco de la Coalición aprovechará la experiencia y las competencias clave de cada una de las organizaciones de radiología que se unan al grupo.',
    ],
    factsHeading: 'Promover la equidad en salud',
    factsAfter:
      'Las disparidades en salud relacionadas con la radiología que se señalan arriba son duras de leer, pero ofrecen a los radiólogos y las radiólogas la oportunidad de actuar para mejorar la equidad en salud. El Dr. Howard Fleishon, presidente del Consejo Directivo del ACR, afirmó en su artículo de abril de 2021 en el ACR Bulletin:',
    quote:
      'Los radiólogos y las radiólogas están en una posición única para liderar los esfuerzos por abordar las disparidades en salud y atender las necesidades de pacientes diversos.',
    quoteNote: '(Cita traducida del inglés.)',
    joinHeading: '¿Cómo puede mi organización unirse a la coalición?',
    joinLink: 'Solicite la adhesión de su organización',
    joinedLink: 'Vea las organizaciones que se han unido',
    impactLink: 'Vea los compromisos hasta ahora',
    moreLink: 'Acerca de la coalición',
    shareDescription:
      'La Radiology Health Equity Coalition reúne a la comunidad radiológica para abordar las disparidades en salud y cambiar de forma medible los resultados.',
  },
};
