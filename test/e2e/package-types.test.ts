/**
 * The published types stand on their own: `npm pack` the package, install the tarball into a
 * throwaway strict TypeScript project with React 19's types and Vue (not lit, which the package
 * does not depend on), and type-check code that uses the element, its properties, its events'
 * `detail`, JSX and Vue's GlobalComponents, and the counter (`rhec-pledge/count`) the same ways.
 * Code with a wrong type must be rejected.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../../scripts/lib/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'rhec-types-'));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Code a TypeScript + React 19 app writes, which must compile under `strict`. */
const VALID: Record<string, string> = {
  'src/dom.ts': `
import 'rhec-pledge';
import 'rhec-pledge/count';
import type { PledgeErrorEvent, RhecPledgeElement } from 'rhec-pledge';
import type { RhecPledgeCountElement } from 'rhec-pledge/count';

const el: RhecPledgeElement = document.createElement('rhec-pledge');
el.partner = 'rsna';
el.lang = 'es';
el.theme = 'auto';
el.hideFacts = true;
el.goal = 1000;
el.turnstileSiteKey = '0x4AAA';
el.addEventListener('rhec-pledge-success', (e) => {
  const role: 'radiologist' | 'trainee' | 'technologist' | 'physicist' | 'nurse' | 'leader' | 'other' = e.detail.role;
  const lang: 'en' | 'es' = e.detail.lang;
  const partner: string = e.detail.partner;
  const corrected: boolean = e.detail.corrected;
  console.log(role, partner, lang, corrected);
});
el.addEventListener('rhec-pledge-error', (e: PledgeErrorEvent) => {
  const kind: 'validation' | 'network' | 'server' = e.detail.kind;
  const fields: string[] = e.detail.fields;
  console.log(kind, fields);
});
document.addEventListener('rhec-pledge-submit', (e) => console.log(e.detail.partner, e.detail.lang, e.detail.corrected === true));
document.querySelector('rhec-pledge')?.setAttribute('partner', 'sir');
const found = document.querySelector('rhec-pledge');
if (found) found.theme = 'dark';
document.body.append(el);

const counter: RhecPledgeCountElement = document.createElement('rhec-pledge-count');
counter.setAttribute('partner', 'rsna');
counter.partner = 'sir';
counter.href = '#pledge';
document.querySelector('rhec-pledge-count')?.remove();
document.body.append(counter);
`,
  'src/app.tsx': `
import 'rhec-pledge';
import type {} from 'rhec-pledge/react';
import type { PledgeSuccessEvent } from 'rhec-pledge';

function track(detail: PledgeSuccessEvent['detail']): void {
  console.log(detail.role);
}

export function Pledge({ lang }: { lang: 'en' | 'es' }) {
  return (
    <rhec-pledge
      partner="rsna"
      lang={lang}
      theme="dark"
      hide-facts
      goal={5000}
      heading-level="3"
      className="pledge"
      onrhec-pledge-submit={(e) => console.log(e.detail.lang)}
      onrhec-pledge-success={(e) => track(e.detail)}
      onrhec-pledge-error={(e) => console.log(e.detail.kind, e.detail.fields.length)}
    />
  );
}

export function Count() {
  return <rhec-pledge-count partner="rsna" lang="es" theme="auto" href="#pledge" className="count" />;
}

// A regional tag reads as its language (EMBEDDING.md): es-MX as Spanish, en-GB as English.
export function Regional() {
  return <><rhec-pledge partner="rsna" lang="es-MX" /><rhec-pledge-count partner="rsna" lang="en-GB" /></>;
}

// A language from an i18n library, typed string, narrowed as EMBEDDING.md says.
export function FromI18n({ locale }: { locale: string }) {
  return <rhec-pledge partner="rsna" lang={locale.startsWith('es') ? 'es' : 'en'} />;
}
`,
  // EMBEDDING.md's listener through a ref (server rendering, React 18), as its .tsx version writes it.
  'src/ref.tsx': `
import { useEffect, useRef } from 'react';
import type { PledgeSuccessEvent, RhecPledgeElement } from 'rhec-pledge';
import type {} from 'rhec-pledge/react';

function track(detail: PledgeSuccessEvent['detail']): void {
  console.log(detail.role);
}

export function Hydrated() {
  const ref = useRef<RhecPledgeElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onSuccess = (e: PledgeSuccessEvent) => track(e.detail);
    el.addEventListener('rhec-pledge-success', onSuccess);
    return () => el.removeEventListener('rhec-pledge-success', onSuccess);
  }, []);
  return <rhec-pledge ref={ref} partner="rsna" suppressHydrationWarning />;
}
`,
  'src/vue.ts': `
import type {} from 'rhec-pledge/vue';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['rhec-pledge']>['$props'];
export const props: Props = {
  partner: 'rsna',
  theme: 'light',
  lang: 'es-MX',
  'hide-facts': true,
  onRhecPledgeSuccess: (e) => console.log(e.detail.role),
  onRhecPledgeError: (e) => console.log(e.detail.kind),
};
export const count: InstanceType<GlobalComponents['rhec-pledge-count']>['$props'] = { partner: 'rsna', theme: 'dark', lang: 'es' };
`,
};

/** Each must be rejected: one mistake per file, and the error tsc must give. */
const WRONG: Record<string, { code: string; error: RegExp }> = {
  'wrong/detail-field.ts': {
    code: `import 'rhec-pledge';\ndocument.createElement('rhec-pledge').addEventListener('rhec-pledge-success', (e) => e.detail.email);`,
    error: /TS2339: Property 'email' does not exist/,
  },
  'wrong/error-kind.ts': {
    code: `import 'rhec-pledge';\ndocument.addEventListener('rhec-pledge-error', (e) => e.detail.kind === 'timeout');`,
    error: /TS2367/,
  },
  'wrong/success-role.ts': {
    code: `import 'rhec-pledge';\ndocument.addEventListener('rhec-pledge-success', (e) => e.detail.role === 'dentist');`,
    error: /TS2367/,
  },
  'wrong/submit-lang.ts': {
    code: `import 'rhec-pledge';\ndocument.addEventListener('rhec-pledge-submit', (e) => e.detail.lang === 'fr');`,
    error: /TS2367/,
  },
  'wrong/theme.ts': {
    code: `import 'rhec-pledge';\ndocument.createElement('rhec-pledge').theme = 'blue';`,
    error: /TS2322: Type '"blue"' is not assignable/,
  },
  'wrong/goal.ts': {
    code: `import 'rhec-pledge';\ndocument.createElement('rhec-pledge').goal = '1000';`,
    error: /TS2322: Type 'string' is not assignable to type 'number'/,
  },
  'wrong/jsx-attribute.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge partnr="rsna" />;`,
    error: /TS2322[\s\S]*partnr/,
  },
  'wrong/jsx-handler.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge onrhec-pledge-success={(e) => e.detail.kind} />;`,
    error: /TS2339: Property 'kind' does not exist/,
  },
  // A property's camelCase name would reach an element not yet defined as a lower-cased attribute
  // that nothing reads (React 19): JSX takes the attribute's name.
  'wrong/jsx-property-name.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge hideFacts />;`,
    error: /TS2322[\s\S]*hideFacts/,
  },
  'wrong/jsx-read-only.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge language="es" />;`,
    error: /TS2322[\s\S]*language/,
  },
  // Only \`en\` and \`es\` are languages the widget has: any other falls back to English, silently.
  'wrong/jsx-lang.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge partner="rsna" lang="fr" />;`,
    error: /TS2322[\s\S]*fr/,
  },
  // Typed only string (an i18n library's language): EMBEDDING.md says how to narrow it.
  'wrong/jsx-lang-string.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = (locale: string) => <rhec-pledge partner="rsna" lang={locale} />;`,
    error: /TS2322[\s\S]*string/,
  },
  'wrong/vue-lang.ts': {
    code: `import type {} from 'rhec-pledge/vue';\nimport type { GlobalComponents } from 'vue';\nexport const p: InstanceType<GlobalComponents['rhec-pledge']>['$props'] = { lang: 'fr' };`,
    error: /TS2322[\s\S]*fr/,
  },
  // A number's attribute written as no number (\`5,000\`, \`h3\`) reads as none: no goal bar, the default level.
  'wrong/jsx-goal.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge partner="rsna" goal="5,000" />;`,
    error: /TS2322[\s\S]*5,000/,
  },
  'wrong/jsx-heading-level.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge partner="rsna" heading-level="h3" />;`,
    error: /TS2322[\s\S]*h3/,
  },
  'wrong/count-theme.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge-count theme="blue" />;`,
    error: /TS2322[\s\S]*blue/,
  },
  'wrong/count-attribute.tsx': {
    code: `import type {} from 'rhec-pledge/react';\nexport const x = <rhec-pledge-count partnr="rsna" />;`,
    error: /TS2322[\s\S]*partnr/,
  },
  'wrong/count-vue-lang.ts': {
    code: `import type {} from 'rhec-pledge/vue';\nimport type { GlobalComponents } from 'vue';\nexport const p: InstanceType<GlobalComponents['rhec-pledge-count']>['$props'] = { lang: 'fr' };`,
    error: /TS2322[\s\S]*fr/,
  },
  'wrong/vue-prop.ts': {
    code: `import type {} from 'rhec-pledge/vue';\nimport type { GlobalComponents } from 'vue';\nexport const p: InstanceType<GlobalComponents['rhec-pledge']>['$props'] = { theme: 'sepia' };`,
    error: /TS2322[\s\S]*sepia/,
  },
};

/**
 * Vue templates as vue-tsc checks them with `strictTemplates` (a Vue project's strictest setting): it
 * reads `hide-facts` as `hideFacts`, as for any component's props, so the documented attribute
 * names must type-check, and their values are still held to their types.
 */
const VUE_VALID = `<script setup lang="ts">
import { ref } from 'vue';
import type {} from 'rhec-pledge/vue';
const lang = ref<'en' | 'es'>('es');
const hide = ref(false);
</script>
<template>
  <rhec-pledge partner="rsna" :lang="lang" theme="dark" hide-facts heading-level="3" goal="500" turnstile-site-key="k" source="vue"
    @rhec-pledge-success="(e) => console.log(e.detail.role)"></rhec-pledge>
  <rhec-pledge partner="sir" :hide-facts="hide" :heading-level="4" @rhec-pledge-error="(e) => console.log(e.detail.kind)"></rhec-pledge>
  <rhec-pledge-count partner="rsna" lang="es" theme="auto" href="#pledge"></rhec-pledge-count>
  <!-- A page's own attributes, as on any element: the id the counter's href="#pledge" lands on, a class, data-* and aria-* for its scripts and tests. -->
  <rhec-pledge id="pledge" class="pledge" title="Pledge" data-placement="home" aria-describedby="intro" :tabindex="-1" partner="rsna"></rhec-pledge>
  <rhec-pledge-count id="count" data-placement="header" partner="rsna"></rhec-pledge-count>
</template>
`;
const VUE_WRONG: Record<string, { code: string; error: RegExp }> = {
  'WrongHideFacts.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge :hide-facts="'yes'"></rhec-pledge></template>\n`, error: /TS2322[\s\S]*boolean/ },
  'WrongTheme.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge theme="sepia"></rhec-pledge></template>\n`, error: /TS2322[\s\S]*sepia/ },
  'WrongLang.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge lang="fr"></rhec-pledge></template>\n`, error: /TS2322[\s\S]*fr/ },
  'WrongGoal.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge goal="5,000"></rhec-pledge></template>\n`, error: /TS2322[\s\S]*5,000/ },
  'WrongName.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge partnr="rsna"></rhec-pledge></template>\n`, error: /partnr/ },
  'WrongCountName.vue': { code: `<script setup lang="ts">\nimport type {} from 'rhec-pledge/vue';\n</script>\n<template><rhec-pledge-count them="dark"></rhec-pledge-count></template>\n`, error: /them/ },
};

/**
 * A Vue (or React) app still on `"moduleResolution": "node"` (Vue CLI's and create-react-app's
 * tsconfig, many apps on TypeScript 5), which reads no `exports`: the subpaths must resolve there
 * too. `import type {} from 'rhec-pledge/vue'` once, in main.ts, and a template elsewhere is checked.
 */
const VUE_NODE10: Record<string, string> = {
  'node10/main.ts': `import type {} from 'rhec-pledge/vue';
import 'rhec-pledge/count';
import type { RhecPledgeCountElement } from 'rhec-pledge/count';
import type { RhecPledgeElement } from 'rhec-pledge';
export const counter: RhecPledgeCountElement | null = document.querySelector('rhec-pledge-count');
export const widget: RhecPledgeElement | null = document.querySelector('rhec-pledge');
`,
  'node10/Drak.vue': `<template><rhec-pledge partner="rsna" theme="drak"></rhec-pledge></template>\n`,
};

function vueTsc(include: string[], compilerOptions: Record<string, unknown> = {}): { status: number | null; output: string } {
  writeFileSync(
    join(dir, 'vue-app/tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], ...compilerOptions },
      vueCompilerOptions: { strictTemplates: true },
      include,
    }),
  );
  const run = spawnSync(process.execPath, [join(dir, 'vue-app/node_modules/vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.json'], { cwd: join(dir, 'vue-app'), encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function tsc(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(dir, 'app/node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: join(dir, 'app'),
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function writeProject(include: string[]) {
  writeFileSync(
    join(dir, 'app/tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false, // the package's own declarations are checked too
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        verbatimModuleSyntax: true,
        noUnusedLocals: true,
      },
      include,
    }),
  );
}

describe('the published TypeScript declarations', () => {
  before(() => {
    // `npm pack` runs the build (prepack), as publishing does.
    npm(['pack', '--pack-destination', dir], ROOT);
    const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    mkdirSync(join(dir, 'app/src'), { recursive: true });
    mkdirSync(join(dir, 'app/wrong'), { recursive: true });
    writeFileSync(join(dir, 'app/package.json'), JSON.stringify({ name: 'typed-app', private: true, type: 'module' }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'typescript', '@types/react@19', 'vue@3'], join(dir, 'app'));
    for (const [file, code] of Object.entries(VALID)) writeFileSync(join(dir, 'app', file), code);
    for (const [file, { code }] of Object.entries(WRONG)) writeFileSync(join(dir, 'app', file), code);
    // A Vue project of its own: vue-tsc brings the TypeScript it supports.
    mkdirSync(join(dir, 'vue-app/src'), { recursive: true });
    mkdirSync(join(dir, 'vue-app/wrong'), { recursive: true });
    writeFileSync(join(dir, 'vue-app/package.json'), JSON.stringify({ name: 'typed-vue-app', private: true, type: 'module' }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'vue@3', 'vue-tsc'], join(dir, 'vue-app'));
    writeFileSync(join(dir, 'vue-app/src/App.vue'), VUE_VALID);
    for (const [file, { code }] of Object.entries(VUE_WRONG)) writeFileSync(join(dir, 'vue-app/wrong', file), code);
    mkdirSync(join(dir, 'vue-app/node10'), { recursive: true });
    for (const [file, code] of Object.entries(VUE_NODE10)) writeFileSync(join(dir, 'vue-app', file), code);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ship only self-contained declarations: no lit, nothing the package does not ship', () => {
    const types = readdirSync(join(dir, 'app/node_modules/rhec-pledge/dist/types'), { recursive: true }).map(String);
    assert.ok(types.includes('rhec-pledge.d.ts') && types.includes('rhec-pledge-count.d.ts') && types.includes('react.d.ts') && types.includes('vue.d.ts'));
    // The counter's script ships beside the widget's, so `import 'rhec-pledge/count'` has something to load.
    assert.match(readFileSync(join(dir, 'app/node_modules/rhec-pledge/dist/rhec-pledge-count.js'), 'utf8'), /rhec-pledge-count/);
    assert.ok(!readdirSync(join(dir, 'app/node_modules')).includes('lit'), 'lit is not installed in the app');
    const imported = types
      .filter((f) => f.endsWith('.d.ts'))
      .flatMap((f) => [...readFileSync(join(dir, 'app/node_modules/rhec-pledge/dist/types', f), 'utf8').matchAll(/^\s*(?:import|export)\b[^\n]*\bfrom '([^']+)'/gm)].map((m) => m[1]!));
    assert.ok(imported.includes('react') && imported.includes('./events/pledge-success-event.js'), 'the imports were read');
    // Only its own files, and React's or Vue's types from the app's own install (in react.d.ts and vue.d.ts only).
    assert.deepEqual([...new Set(imported)].filter((i) => !i.startsWith('./') && i !== 'react' && i !== 'vue'), []);
  });

  it('ship a manifest that describes both elements: every event named, the counter with its tag, parts and properties', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'app/node_modules/rhec-pledge/custom-elements.json'), 'utf8')) as {
      modules: { declarations?: { tagName?: string; events?: { name?: string }[]; cssParts?: unknown[]; cssProperties?: { name: string }[] }[] }[];
    };
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []);
    const widget = elements.find((d) => d.tagName === 'rhec-pledge')!;
    const counter = elements.find((d) => d.tagName === 'rhec-pledge-count');
    assert.deepEqual(widget.events!.map((e) => e.name), ['rhec-pledge-submit', 'rhec-pledge-success', 'rhec-pledge-error']);
    assert.ok(counter, 'the counter has its tag');
    assert.equal(counter.cssParts?.length, 5);
    assert.ok(counter.cssProperties!.some((p) => p.name === '--rhec-accent-dark'));
    assert.ok(widget.cssProperties!.some((p) => p.name === '--rhec-scroll-margin') && widget.cssProperties!.some((p) => p.name === '--rhec-error-dark'));
  });

  it('type-check an app that uses the element, its properties, its events and JSX, under strict', () => {
    writeProject(['src']);
    const { status, output } = tsc();
    assert.equal(output.trim(), '', output);
    assert.equal(status, 0);
  });

  it('reject code that gets a type wrong', () => {
    writeProject(['wrong']);
    const { status, output } = tsc();
    assert.notEqual(status, 0);
    for (const [file, { error }] of Object.entries(WRONG)) {
      const lines = output.split('\n').filter((l) => l.startsWith(file)).join('\n');
      assert.match(lines, error, `${file} should fail with ${error}; tsc said:\n${output}`);
    }
  });

  it('type-check a Vue template that writes the attributes as EMBEDDING.md does, under strictTemplates', () => {
    const { status, output } = vueTsc(['src/**/*.vue']);
    assert.equal(output.trim(), '', output);
    assert.equal(status, 0);
  });

  it('resolve rhec-pledge/vue and rhec-pledge/count under "moduleResolution": "node" too, and check templates with them', () => {
    // TypeScript 6 (which vue-tsc brings) reads node10 only with its deprecation acknowledged.
    const ts = JSON.parse(readFileSync(join(dir, 'vue-app/node_modules/typescript/package.json'), 'utf8')) as { version: string };
    const major = Number(ts.version.split('.')[0]);
    const { output } = vueTsc(['node10/**/*'], { moduleResolution: 'node', ...(major === 6 ? { ignoreDeprecations: '6.0' } : {}) });
    assert.doesNotMatch(output, /TS2307|node10\/main\.ts/, `main.ts type-checks; vue-tsc said:\n${output}`);
    assert.match(output, /node10\/Drak\.vue[^\n]*TS2322[^\n]*drak/, `the template is checked; vue-tsc said:\n${output}`);
    assert.equal(output.trim().split('\n').length, 1, output);
  });

  it('reject a Vue template that gets an attribute or its value wrong, under strictTemplates', () => {
    const { status, output } = vueTsc(['wrong/**/*.vue']);
    assert.notEqual(status, 0);
    for (const [file, { error }] of Object.entries(VUE_WRONG)) {
      const lines = output.split('\n').filter((l) => l.startsWith(`wrong/${file}`)).join('\n');
      assert.match(lines, error, `${file} should fail with ${error}; vue-tsc said:\n${output}`);
    }
  });
});
