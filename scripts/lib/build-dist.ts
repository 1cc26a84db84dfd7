/**
 * Builds what the Worker serves from dist/: the drop-in and the counter scripts, the share cards and
 * the release list, in that order. The widget's build starts dist/ afresh (Vite's emptyOutDir), so
 * whatever builds it must build the rest again too, or dist/ is left without the counter, or without
 * the share cards the hosted pages' Open Graph tags point at (`npm start`, `npm run bench`,
 * `npm run bench:widget`). Returns each step's output.
 */
import { run } from './run.ts';

export async function buildDist(): Promise<string[]> {
  return [
    await run('vite', ['build', '--logLevel', 'warn']),
    await run('vite', ['build', '--mode', 'counter', '--logLevel', 'warn']),
    await run('node', ['scripts/build-cards.ts']),
    await run('node', ['scripts/list-releases.ts']),
  ];
}
