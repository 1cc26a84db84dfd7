/**
 * `npm test`: every check and every suite, in order, then one line summing them:
 *   typecheck → build (with the weight budget) → wrangler deploy --dry-run →
 *   Worker tests (workerd + D1) → widget tests (Chromium) → end-to-end tests (Chromium + wrangler dev).
 * A failing check counts as one failure; the run goes on so every suite reports.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ROOT } from './lib/run.ts';

const RESULTS = `${ROOT}.test-results`;
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

function sh(command: string): Promise<number> {
  console.log(`\n▶ ${command}`);
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: ROOT, shell: true, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function read(file: string): string | null {
  try {
    return readFileSync(`${RESULTS}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const lines: string[] = [];

async function check(name: string, command: string) {
  const code = await sh(command);
  if (code !== 0) failed++;
  lines.push(`${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}`);
}

async function suite(name: string, command: string, counts: () => { passed: number; failed: number } | null) {
  const code = await sh(command);
  const c = counts();
  if (!c) {
    failed++;
    lines.push(`${name}: FAILED before reporting (exit ${code})`);
    return;
  }
  // A suite that exits non-zero without a failed test (a crash, a hook) still fails.
  const f = c.failed + (code !== 0 && c.failed === 0 ? 1 : 0);
  passed += c.passed;
  failed += f;
  lines.push(`${name}: ${c.passed} passed, ${f} failed`);
}

await check('typecheck', 'npm run typecheck');
await check('build', 'npm run build');
for (const env of ['staging', 'production']) {
  await check(`deploy dry-run (${env})`, `node scripts/deploy.ts ${env} --dry-run --outdir .test-results/deploy-${env}`);
}

await suite('worker (workerd + D1)', 'npx vitest run --config test/worker/vitest.config.ts --reporter=default --reporter=json --outputFile.json=.test-results/worker.json', () => {
  const json = read('worker.json');
  if (!json) return null;
  const r = JSON.parse(json) as { numPassedTests: number; numFailedTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests };
});

await suite('widget (Chromium)', 'npm run test:widget', () => {
  const json = read('widget.json');
  return json ? (JSON.parse(json) as { passed: number; failed: number }) : null;
});

await suite(
  'end to end (Chromium + wrangler dev)',
  "node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=.test-results/e2e.tap 'test/e2e/**/*.test.ts'",
  () => {
    const tap = read('e2e.tap');
    const pass = tap?.match(/^# pass (\d+)$/m);
    const fail = tap?.match(/^# fail (\d+)$/m);
    return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
  },
);

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
