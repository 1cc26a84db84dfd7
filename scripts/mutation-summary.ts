/**
 * After `stryker run`: reads Stryker's JSON report (mutation-testing-report-schema) and prints
 * the score per file, the overall score as MUTATION.md states it, and every surviving mutant.
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it;
 * ignored (static) mutants and compile errors are left out of it, and counted apart.
 */
import { readFileSync } from 'node:fs';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const report = JSON.parse(readFileSync(new URL('../reports/mutation/mutation.json', import.meta.url), 'utf8')) as Report;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const pct = (detected: number, valid: number) => (valid ? ((100 * detected) / valid).toFixed(1) : 'n/a');

let detected = 0;
let valid = 0;
let ignored = 0;
const rows: string[] = [];
const survivors: string[] = [];

for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const d = mutants.filter((m) => DETECTED.has(m.status)).length;
  const u = mutants.filter((m) => UNDETECTED.has(m.status)).length;
  const i = mutants.filter((m) => m.status === 'Ignored').length;
  detected += d;
  valid += d + u;
  ignored += i;
  rows.push(`| ${file} | ${pct(d, d + u)} % | ${d} | ${mutants.filter((m) => m.status === 'Survived').length} | ${mutants.filter((m) => m.status === 'NoCoverage').length} | ${i} |`);
  const lines = source.split('\n');
  for (const m of mutants.filter((x) => UNDETECTED.has(x.status))) {
    const { line, column } = m.location.start;
    const original = (lines[line - 1] ?? '').trim();
    survivors.push(
      `- \`${file}:${line}:${column}\` ${m.status === 'NoCoverage' ? 'no coverage' : 'survived'}, ${m.mutatorName}: \`${original.slice(0, 110)}\`` +
        (m.replacement !== undefined ? ` → \`${m.replacement.replaceAll('\n', ' ').slice(0, 90)}\`` : ''),
    );
  }
}

console.log(`| File | Score | Killed | Survived | No coverage | Ignored (static) |
|---|---|---|---|---|---|
${rows.join('\n')}

Overall mutation score: ${pct(detected, valid)} %

(${detected} of ${valid} mutants detected; ${ignored} static mutants ignored.)

### Surviving mutants (${survivors.length})

${survivors.join('\n')}`);
