/** Runs the project's own command-line tools (from node_modules/.bin) for the scripts. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The path of a tool installed in node_modules/.bin (or of this Node itself). */
export function bin(name: string): string {
  if (name === 'node') return process.execPath;
  if (name === 'npm') return 'npm';
  return fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
}

/** Starts a tool; its output goes to ours unless `stdio` says otherwise. */
export function start(name: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(bin(name), args, { cwd: ROOT, stdio: 'inherit', ...options });
}

/** Runs a tool to completion; rejects with its output when it fails. */
export function run(name: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = start(name, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} ${args.join(' ')} exited ${code}\n${out}\n${err}`)),
    );
  });
}

/**
 * The first line of a command's error, as a person should read it: node's parseArgs adds advice on
 * positional arguments after an unknown option's name, which none of these commands take.
 */
export function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.replace(/\. To specify a positional argument.*/, '.');
}
