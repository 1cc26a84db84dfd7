/**
 * `npm run mailbox [N]`: a count it cannot read is said, with the usage, never read as the default
 * (or, for `-1`, as every email).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ROOT } from '../../scripts/lib/run.ts';

const mailbox = (...args: string[]) => spawnSync(process.execPath, ['scripts/mailbox.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run mailbox', () => {
  it('refuses a count that is not a whole number from 1, saying how to ask', () => {
    for (const bad of ['abc', '0', '-1', '2.5']) {
      const r = mailbox(bad);
      assert.equal(r.status, 2, bad);
      assert.equal(r.stdout, '', bad);
      assert.match(r.stderr, new RegExp(`^Usage: npm run mailbox \\[N\\].*not "${bad.replace('.', '\\.')}"\\.\\n$`), bad);
    }
  });

  it('answers --help (or -h, help) with its usage on standard output, as a success', () => {
    for (const ask of ['--help', '-h', 'help']) {
      const r = mailbox(ask);
      assert.equal(r.status, 0, ask);
      assert.equal(r.stderr, '', ask);
      assert.match(r.stdout, /^Usage: npm run mailbox \[N\], N the number of newest emails to show .*newest first/, ask);
    }
  });

  it('takes a count, or none', () => {
    for (const ok of [[], ['1'], ['12']]) assert.equal(mailbox(...ok).status, 0, ok.join(' '));
  });
});
