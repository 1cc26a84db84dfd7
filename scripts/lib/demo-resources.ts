/**
 * EXAMPLE resources for local development only (`npm run db:local`), never a migration:
 * every title and every next step says it is an example (the thank-you panel, the confirmed page
 * and the emails show the step, not the title), and every address is on example.org. They cover every
 * role in both languages, so the next steps and /resources show something locally.
 */
const ALL = ['radiologist', 'trainee', 'technologist', 'physicist', 'nurse', 'leader', 'other'];

interface DemoResource {
  id: string;
  kind: string;
  roles: string[];
  position: number;
  en: [title: string, summary: string, step: string];
  es: [title: string, summary: string, step: string];
}

const DEMO: DemoResource[] = [
  {
    id: 'screening-gaps', kind: 'toolkit', roles: ['radiologist', 'technologist', 'nurse', 'leader'], position: 10,
    en: ['Screening gaps toolkit', 'Find which patients in your practice miss screening, and why.', 'Review who misses screening in your practice'],
    es: ['Herramientas sobre brechas en la detección', 'Descubra qué pacientes de su práctica no llegan a los exámenes de detección, y por qué.', 'Revise quién no llega a los exámenes de detección en su práctica'],
  },
  {
    id: 'interpreters', kind: 'program', roles: ['technologist', 'nurse', 'leader', 'other'], position: 20,
    en: ['Language access program', 'Set up interpreter services for every imaging visit.', 'Offer interpreter services at every imaging visit'],
    es: ['Programa de acceso lingüístico', 'Organice servicios de interpretación para cada cita de imagen.', 'Ofrezca servicios de interpretación en cada cita de imagen'],
  },
  {
    id: 'mentoring', kind: 'program', roles: ['radiologist', 'trainee', 'physicist'], position: 30,
    en: ['Mentoring program', 'A year of guidance, from medical school into a radiology career.', 'Mentor a student from an under-represented background'],
    es: ['Programa de mentoría', 'Un año de acompañamiento, de la facultad de medicina a una carrera en radiología.', 'Sea mentor de un estudiante de un grupo poco representado'],
  },
  {
    id: 'dose-protocols', kind: 'dataset', roles: ['physicist', 'technologist'], position: 40,
    en: ['Dose protocols by body size', 'Reference protocols for patients of every body size.', 'Audit your dose protocols for patients of every body size'],
    es: ['Protocolos de dosis según el tamaño corporal', 'Protocolos de referencia para pacientes de todos los tamaños corporales.', 'Revise sus protocolos de dosis para pacientes de todos los tamaños'],
  },
  {
    id: 'bias-course', kind: 'course', roles: ALL, position: 50,
    en: ['Implicit bias in imaging', 'A one-hour course on bias in imaging care.', 'Take the one-hour course on implicit bias in imaging'],
    es: ['Sesgo implícito en imagenología', 'Un curso de una hora sobre el sesgo en la atención de imagen.', 'Haga el curso de una hora sobre sesgo implícito en imagenología'],
  },
  {
    id: 'reading-list', kind: 'article', roles: ['trainee', 'other', 'radiologist', 'leader'], position: 60,
    en: ['Reading list on disparities in radiology', 'Articles on where disparities in radiology come from.', 'Read up on where disparities in radiology come from'],
    es: ['Lecturas sobre disparidades en radiología', 'Artículos sobre el origen de las disparidades en radiología.', 'Infórmese sobre el origen de las disparidades en radiología'],
  },
];

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** One idempotent statement that inserts the examples (INSERT OR IGNORE on fixed ids). */
export function demoResourcesSql(): string {
  const rows = DEMO.flatMap((r) =>
    (['en', 'es'] as const).map((lang) => {
      const [title, summary, step] = r[lang];
      const label = lang === 'en' ? 'Example' : 'Ejemplo';
      return `(${q(`example-${r.id}-${lang}`)}, ${q(`[${label}] ${title}`)}, ${q(`https://example.org/rhec-examples/${lang}/${r.id}`)}, ${q(summary)}, ${q(`[${label}] ${step}`)}, ${q(r.kind)}, ${q(JSON.stringify(r.roles))}, ${q(lang)}, ${r.position})`;
    }),
  );
  return `INSERT OR IGNORE INTO resources (id, title, url, summary, step, kind, roles, lang, position) VALUES ${rows.join(', ')}`;
}
