/**
 * A probe Worker of a few lines (no Hono, none of this project's code) under `wrangler dev`, as the
 * project's own Worker runs in the benchmarks: in its own process group (so /proc can read its CPU),
 * its state in a temp directory removed at `stop()`. `ready` is a path that answers 2xx once the
 * Worker is up (it may set up its tables).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ROOT } from '../lib/run.ts';

export interface ProbeWorker {
  url: string;
  /** The `wrangler dev` process group. */
  pid: number;
  stop(): Promise<void>;
}

export async function startProbeWorker(name: string, source: string, config: object, port: number, ready: string): Promise<ProbeWorker> {
  const dir = mkdtempSync(join(tmpdir(), `rhec-${name}-`));
  writeFileSync(join(dir, 'worker.js'), source);
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify({ name: `rhec-bench-${name}`, main: 'worker.js', ...config }, null, 2));
  const child = spawn(
    bin('wrangler'),
    ['dev', '--config', join(dir, 'wrangler.jsonc'), '--port', String(port), '--ip', 'localhost', '--persist-to', join(dir, 'state'),
      '--show-interactive-dev-session=false', '--log-level', 'error', '--inspector-port', '0'], // (devtools on a free port: see test/support/local-worker.ts)
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: 'true' } },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the ${name} Worker exited early:\n${output}`);
      try {
        if ((await fetch(`${url}${ready}`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the ${name} Worker did not answer within 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, stop };
}
