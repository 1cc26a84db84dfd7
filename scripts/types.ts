/**
 * `npm run types`: the package's TypeScript declarations, standing on their own (no import of
 * `lit` or of anything the package does not ship), into dist/types/:
 *
 *   rhec-pledge.d.ts   the element as an HTMLElement with its public properties, its events,
 *                      `HTMLElementTagNameMap`; generated from custom-elements.json (which the
 *                      analyzer builds from the element's JSDoc), so a new attribute needs no edit here
 *   events/*.d.ts      the events' types (CustomEvents with their `detail`), emitted by tsc from src/events/
 *   rhec-pledge-count.d.ts  the counter (`rhec-pledge/count`): its element and attributes, `HTMLElementTagNameMap`
 *   react.d.ts         React 19 JSX: `<rhec-pledge partner="…" onrhec-pledge-success={…}>`, `<rhec-pledge-count>`
 *   vue.d.ts           Vue's GlobalComponents entries for both
 *
 * Each event the manifest lists (`@fires`) must have its type in src/events/ (one per file:
 * `export type X = CustomEvent<…>` and its `GlobalEventHandlersEventMap` entry); a property's type
 * must be written out or be a type alias declared in the element's file. Otherwise this fails,
 * naming what to fix.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { LANGS } from '../src/pledge-fields.ts';
import { ROOT, run } from './lib/run.ts';

/** Types the element imports from the shared vocabulary, written out (they derive from these lists). */
const SHARED_TYPES: Record<string, readonly string[]> = { Lang: LANGS };

interface Manifest {
  modules: {
    path: string;
    declarations?: {
      kind: string;
      name: string;
      tagName?: string;
      summary?: string;
      description?: string;
      members?: { kind: string; name: string; type?: { text: string }; privacy?: string; static?: boolean; description?: string; attribute?: string; readonly?: boolean }[];
      attributes?: { name: string; type?: { text: string }; description?: string; fieldName?: string }[];
      events?: { name?: string; description?: string }[];
    }[];
  }[];
}

const OUT = `${ROOT}dist/types`;
const fail = (message: string): never => {
  console.error(`npm run types: ${message}`);
  process.exit(1);
};

const manifest = JSON.parse(readFileSync(`${ROOT}custom-elements.json`, 'utf8')) as Manifest;
const counter =
  manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'rhec-pledge-count') ?? fail('custom-elements.json has no <rhec-pledge-count> (run npm run manifest)');
/**
 * A \`lang\` attribute's values in markup: a language the widget has, or a regional tag of one
 * (\`es-MX\` reads as \`es\`, as EMBEDDING.md says); another (\`fr\`) would read as English, silently.
 */
const LANG_ATTRIBUTE = LANGS.flatMap((l) => [`'${l}'`, `\`${l}-\${string}\``]).join(' | ');

/**
 * The counter's attributes are read from markup only (it has no public properties), so the
 * manifest carries no types for them: they are written here. A new attribute fails the build
 * until it has one.
 */
const COUNT_ATTRIBUTE_TYPES: Record<string, string> = {
  partner: 'string',
  lang: LANG_ATTRIBUTE,
  href: 'string',
  api: 'string',
  theme: "'light' | 'dark' | 'auto'",
};
/** The counter's attributes it also has as properties (reflected; \`lang\` is HTMLElement's own). */
const COUNT_PROPERTIES = ['partner', 'api', 'href'];
const module = manifest.modules.find((m) => m.declarations?.some((d) => d.tagName === 'rhec-pledge'));
const element = module?.declarations?.find((d) => d.tagName === 'rhec-pledge') ?? fail('custom-elements.json has no <rhec-pledge> (run npm run manifest)');
const elementSource = readFileSync(`${ROOT}${module!.path}`, 'utf8');

/** A property's type as self-contained TypeScript: primitives and literals, or an alias from the element's file, inlined. */
function selfContained(text: string, where: string): string {
  const simple = /^(\s*(string|number|boolean|null|undefined|'[^']*'|"[^"]*"|-?\d+(\.\d+)?)\s*\|?)+$/;
  if (simple.test(text)) return text;
  const shared = SHARED_TYPES[text];
  if (shared) return shared.map((v) => `'${v}'`).join(' | ');
  const alias = elementSource.match(new RegExp(`type\\s+${text.replace(/[^\w$]/g, '')}\\s*=\\s*([^;]+);`));
  if (/^[\w$]+$/.test(text) && alias && simple.test(alias[1]!.trim())) return alias[1]!.trim().replace(/\s+/g, ' ');
  return fail(`${where} has the type \`${text}\`, which the published types cannot import: write it out (e.g. 'a' | 'b') or declare it as a type alias of literals in ${module!.path}.`);
}

/**
 * Attributes whose values markup is held to more narrowly than their property: \`lang\` is
 * HTMLElement's own (a string, and read back as written), but the widget has only these languages
 * (any other reads as English, silently), so JSX and Vue templates take only them, as the counter's do.
 */
const ATTRIBUTE_TYPES: Record<string, string> = { lang: LANG_ATTRIBUTE };

const doc = (text: string | undefined, indent = '  ') => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '');

// Public properties: fields, not static, not private/protected, not the element's internals.
const properties = (element.members ?? []).filter((m) => m.kind === 'field' && !m.static && (!m.privacy || m.privacy === 'public') && m.type && !m.name.startsWith('_'));
const attributes = element.attributes ?? [];

// Events: each named in the manifest, mapped to its class in src/events/.
const classes = new Map<string, { className: string; file: string }>();
for (const file of readdirSync(`${ROOT}src/events`).filter((f) => f.endsWith('.ts'))) {
  const source = readFileSync(`${ROOT}src/events/${file}`, 'utf8');
  const className = source.match(/export type (\w+) = CustomEvent</)?.[1];
  const eventName = className ? source.match(new RegExp(`'([^']+)':\\s*${className};`))?.[1] : undefined;
  if (className && eventName) classes.set(eventName, { className, file: file.replace(/\.ts$/, '') });
}
const events = (element.events ?? [])
  .filter((e): e is { name: string; description?: string } => Boolean(e.name))
  .map((e) => ({ ...e, ...(classes.get(e.name) ?? fail(`the event ${e.name} (in @fires) has no type in src/events/: \`export type X = CustomEvent<…>\` and \`'${e.name}': X;\` in GlobalEventHandlersEventMap.`)) }));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// The event classes: standalone modules (they import nothing), declarations by tsc.
await run('tsc', [
  '--ignoreConfig', '--declaration', '--emitDeclarationOnly', '--strict', '--skipLibCheck', '--target', 'ES2022', '--module', 'ESNext',
  '--moduleResolution', 'bundler', '--lib', 'ES2023,DOM', '--rootDir', 'src/events', '--outDir', `${OUT}/events`,
  ...events.map((e) => `src/events/${e.file}.ts`),
]);

const HEADER = '// Generated by `npm run types` (scripts/types.ts) from custom-elements.json and src/events/. Do not edit.\n';
const eventImports = events.map((e) => `import type { ${e.className} } from './events/${e.file}.js';`).join('\n');
const camel = (name: string) => `on${name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;

writeFileSync(
  `${OUT}/rhec-pledge.d.ts`,
  `${HEADER}${eventImports}

export type { ${events.map((e) => e.className).join(', ')} };

/** The events \`<rhec-pledge>\` fires (they bubble and cross the shadow boundary). */
export interface RhecPledgeEventMap extends HTMLElementEventMap {
${events.map((e) => `${doc(e.description, '  ')}  '${e.name}': ${e.className};`).join('\n')}
}

${doc(element.summary ?? element.description, '')}export interface RhecPledgeElement extends HTMLElement {
${properties.map((p) => `${doc(p.description)}  ${p.readonly ? 'readonly ' : ''}${p.name}: ${selfContained(p.type!.text, `the property ${p.name}`)};`).join('\n')}
  addEventListener<K extends keyof RhecPledgeEventMap>(type: K, listener: (this: RhecPledgeElement, event: RhecPledgeEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RhecPledgeEventMap>(type: K, listener: (this: RhecPledgeElement, event: RhecPledgeEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's attributes as markup writes them (values are strings in HTML, a number's as digits: \`goal="5000"\`; frameworks may pass the typed value). */
export interface RhecPledgeAttributes {
${attributes.map((a) => `${doc(a.description)}  '${a.name}'?: ${(() => {
  const t = ATTRIBUTE_TYPES[a.name] ?? selfContained(a.type?.text ?? 'string', `the attribute ${a.name}`);
  return t === 'boolean' ? 'boolean' : t === 'number' ? 'number | `${number}`' : t;
})()};`).join('\n')}
}

/** Listeners as properties, by event: \`onrhec-pledge-success\` (React 19) and \`onRhecPledgeSuccess\` (Vue). */
export interface RhecPledgeEventProps {
${events.map((e) => `  'on${e.name}'?: (event: ${e.className}) => void;\n  ${camel(e.name)}?: (event: ${e.className}) => void;`).join('\n')}
}

declare global {
  interface HTMLElementTagNameMap {
    'rhec-pledge': RhecPledgeElement;
  }
}
`,
);

writeFileSync(
  `${OUT}/rhec-pledge-count.d.ts`,
  `${HEADER}// The counter: \`import 'rhec-pledge/count';\` (or its script tag) defines <rhec-pledge-count>.

${doc(counter.summary ?? counter.description, '')}export interface RhecPledgeCountElement extends HTMLElement {
${COUNT_PROPERTIES.map((name) => `  /** The \`${name}\` attribute, as a property. */\n  ${name}: string;`).join('\n')}
}

/** The counter's attributes. */
export interface RhecPledgeCountAttributes {
${(counter.attributes ?? [])
  .map((a) => `${doc(a.description)}  '${a.name}'?: ${COUNT_ATTRIBUTE_TYPES[a.name] ?? fail(`the counter's attribute ${a.name} has no type: add it to COUNT_ATTRIBUTE_TYPES in scripts/types.ts.`)};`)
  .join('\n')}
}

declare global {
  interface HTMLElementTagNameMap {
    'rhec-pledge-count': RhecPledgeCountElement;
  }
}
`,
);

/**
 * What JSX and Vue templates take as properties besides the attributes: only writable properties
 * that have no attribute. An attribute's property (\`hideFacts\`) is left out: React sets a name the
 * element does not have yet (before the script has defined it) as an attribute, lower-cased
 * (\`hidefacts\`), which nothing reads; and a read-only one would throw when set.
 */
const frameworkProperties = properties.filter((p) => !p.readonly && !attributes.some((a) => a.fieldName === p.name));
const propertyProps = `Partial<Pick<RhecPledgeElement, ${frameworkProperties.map((p) => `'${p.name}'`).join(' | ')}>>`;

writeFileSync(
  `${OUT}/react.d.ts`,
  `${HEADER}// React 19 JSX for <rhec-pledge>: \`import type {} from 'rhec-pledge/react';\` once in your app (or "types": ["rhec-pledge/react"]).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { RhecPledgeAttributes, RhecPledgeElement, RhecPledgeEventProps } from './rhec-pledge.js';
import type { RhecPledgeCountAttributes, RhecPledgeCountElement } from './rhec-pledge-count.js';

/** What JSX takes on <rhec-pledge-count>: HTML attributes and the counter's own. */
export interface RhecPledgeCountJsxProps
  extends Omit<DetailedHTMLProps<HTMLAttributes<RhecPledgeCountElement>, RhecPledgeCountElement>, keyof RhecPledgeCountAttributes>,
    RhecPledgeCountAttributes {}

/**
 * What JSX takes on <rhec-pledge>: HTML attributes, the element's attributes (as HTML writes them), and \`onrhec-pledge-*\` listeners.
 * Server-rendered and hydrated (Next.js, Remix), React 19 does not attach those listeners until the component renders again
 * (react#35446): there, add them with \`addEventListener\` in a \`useEffect\` through a ref, or on \`document\` (EMBEDDING.md).
 */
export interface RhecPledgeJsxProps
  extends Omit<DetailedHTMLProps<HTMLAttributes<RhecPledgeElement>, RhecPledgeElement>, keyof RhecPledgeAttributes>,
    RhecPledgeAttributes,
    Pick<RhecPledgeEventProps, ${events.map((e) => `'on${e.name}'`).join(' | ')}>${frameworkProperties.length ? `,\n    Omit<${propertyProps}, keyof RhecPledgeAttributes | keyof HTMLAttributes<RhecPledgeElement>>` : ''} {}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'rhec-pledge': RhecPledgeJsxProps;
      'rhec-pledge-count': RhecPledgeCountJsxProps;
    }
  }
}
`,
);

writeFileSync(
  `${OUT}/vue.d.ts`,
  `${HEADER}// Vue 3 templates: \`import type {} from 'rhec-pledge/vue';\` once (or "types": ["rhec-pledge/vue"]), and keep
// compilerOptions.isCustomElement for the tag (EMBEDDING.md).
import type { DefineComponent, HTMLAttributes } from 'vue';
import type { RhecPledgeAttributes, RhecPledgeElement, RhecPledgeEventProps } from './rhec-pledge.js';
import type { RhecPledgeCountAttributes, RhecPledgeCountElement } from './rhec-pledge-count.js';

/** \`hide-facts\` → \`hideFacts\`: the name Vue's template checker gives an attribute written with hyphens. */
type VueCamel<S extends string> = S extends \`\${infer H}-\${infer T}\` ? \`\${H}\${Capitalize<VueCamel<T>>}\` : S;
/**
 * The attributes as written, and under the camelCase names vue-tsc (with \`strictTemplates\`) checks
 * \`hide-facts="…"\` against. Write them with hyphens in templates, as HTML does: a camelCase name
 * reaches an element not yet defined as a lower-cased attribute (\`hidefacts\`) that nothing reads.
 * With them, the attributes any element takes (\`id\`, \`class\`, \`title\`, \`aria-*\`, \`data-*\`: the
 * \`id="pledge"\` a counter's \`href="#pledge"\` lands on), which \`strictTemplates\` otherwise refuses on a
 * component; a misspelt name of the element's own (\`partnr\`) is still an error.
 */
type VueAttributes<T> = T & { [K in keyof T as K extends string ? VueCamel<K> : never]: T[K] } & Omit<HTMLAttributes, keyof T> &
  { [data: \`data-\${string}\`]: unknown; [data: \`data\${Capitalize<string>}\`]: unknown };

/** What a Vue template takes on <rhec-pledge>: its attributes and \`@rhec-pledge-*\` listeners. */
export type RhecPledgeVueProps = VueAttributes<RhecPledgeAttributes> &${frameworkProperties.length ? `\n  ${propertyProps} &` : ''}
  Pick<RhecPledgeEventProps, ${events.map((e) => `'${camel(e.name)}'`).join(' | ')}>;

declare module 'vue' {
  interface GlobalComponents {
    'rhec-pledge': DefineComponent<RhecPledgeVueProps>;
    'rhec-pledge-count': DefineComponent<VueAttributes<RhecPledgeCountAttributes>>;
  }
}

export type { RhecPledgeCountElement, RhecPledgeElement };
`,
);
console.log(`Types: dist/types/ (${properties.length} properties, ${attributes.length} attributes, ${events.length} events; the counter's ${counter.attributes?.length ?? 0} attributes; React and Vue).`);
