/**
 * `npm run partners`, the maintainers' command for partner societies, against a local D1 of its
 * own (`--persist-to`): what it says is what it did, and `add` never turns a disabled partner
 * back on behind the maintainer's back.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyMigrations, execute } from '../../scripts/lib/d1.ts';
import { ROOT } from '../../scripts/lib/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'rhec-partners-'));

function partners(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/partners.ts', ...args, '--persist-to', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('npm run partners', () => {
  before(async () => {
    await applyMigrations({ persistTo: dir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, disables and re-enables a partner, saying what it did; add keeps a disabled partner disabled', async () => {
    assert.deepEqual(partners('add', 'zzs', 'Zed Society', 'https://www.zed.example'), {
      status: 0,
      out: 'Partner zzs added with https://www.zed.example.',
      err: '',
    });
    assert.equal(partners('disable', 'zzs').out, 'Partner zzs disabled.');
    const again = partners('add', 'zzs', 'Zed Radiology Society', 'https://staging.zed.example');
    assert.equal(again.status, 0);
    assert.equal(
      again.out,
      'Partner zzs already existed: named "Zed Radiology Society", https://staging.zed.example added.\n' +
        'It is still disabled (its widget takes no pledges): npm run partners -- enable zzs',
    );
    const row = async () => (await execute<{ name: string; active: number }>("SELECT name, active FROM partners WHERE id = 'zzs'", { persistTo: dir }))[0];
    assert.deepEqual({ ...(await row()) }, { name: 'Zed Radiology Society', active: 0 });
    // An origin it already had is said to be, not "added".
    assert.equal(
      partners('add', 'zzs', 'Zed Radiology Society', 'https://www.zed.example', 'https://beta.zed.example').out.split('\n')[0],
      'Partner zzs already existed: named "Zed Radiology Society", https://beta.zed.example added; https://www.zed.example was already registered.',
    );
    await execute("DELETE FROM partner_origins WHERE origin = 'https://beta.zed.example'", { persistTo: dir });
    assert.equal(partners('enable', 'zzs').out, 'Partner zzs enabled.');
    assert.deepEqual({ ...(await row()) }, { name: 'Zed Radiology Society', active: 1 });
    assert.match(partners('list').out, /zzs +active +Zed Radiology Society\n +https:\/\/staging\.zed\.example https:\/\/www\.zed\.example/);
  });

  it('says a partner added, or left, with no origins works on no site until one is added (exit 0); nothing said while it has one', () => {
    const note = (id: string) => `No site may embed the pledge for ${id} yet (it has no origins): add one with npm run partners -- add-origin ${id} <origin>`;
    assert.deepEqual(partners('add', 'zzn', 'No Origin Society'), { status: 0, out: `Partner zzn added.\n${note('zzn')}`, err: '' });
    // Renamed, still with none; then disabled, which is said first.
    assert.deepEqual(partners('add', 'zzn', 'No Origin Radiology Society'), { status: 0, out: `Partner zzn already existed: named "No Origin Radiology Society".\n${note('zzn')}`, err: '' });
    assert.equal(partners('disable', 'zzn').status, 0);
    assert.equal(partners('add', 'zzn', 'No Origin Radiology Society').out, `Partner zzn already existed: named "No Origin Radiology Society".\nIt is still disabled (its widget takes no pledges): npm run partners -- enable zzn\n${note('zzn')}`);
    // With an origin, given now or before, nothing more is said; one of two removed leaves one.
    assert.equal(partners('add', 'zzn', 'No Origin Radiology Society', 'https://www.noorigin.example', 'https://beta.noorigin.example').out.split('\n').length, 2);
    assert.equal(partners('add', 'zzn', 'No Origin Radiology Society').out, 'Partner zzn already existed: named "No Origin Radiology Society".\nIt is still disabled (its widget takes no pledges): npm run partners -- enable zzn');
    assert.deepEqual(partners('remove-origin', 'zzn', 'https://beta.noorigin.example'), { status: 0, out: 'https://beta.noorigin.example removed from zzn.', err: '' });
  });

  it('answers --help, -h and help with its commands and options (exit 0); an unknown command or option gets them too, with exit 1', () => {
    for (const ask of ['--help', '-h', 'help']) {
      const r = partners(ask);
      assert.equal(r.status, 0, ask);
      assert.equal(r.err, '');
      for (const word of ['list', 'add <id>', 'add-origin', 'remove-origin', 'disable <id>', 'enable <id>', '--env', '--remote', '--persist-to']) assert.ok(r.out.includes(word), `${ask}: ${word}`);
    }
    const unknown = partners('remove', 'zzs');
    assert.equal(unknown.status, 1);
    assert.match(unknown.err, /^Unknown command "remove"\.\n[\s\S]*remove-origin <id> <origin>/);
    const option = partners('list', '--verbose');
    assert.equal(option.status, 1);
    assert.match(option.err, /--verbose[\s\S]*add-origin <id> <origin>/);
  });

  it("says wrangler's own reason when the database refuses (a state folder with no tables), not the command line that failed", () => {
    const empty = mkdtempSync(join(tmpdir(), 'rhec-partners-empty-'));
    try {
      const r = spawnSync(process.execPath, ['scripts/partners.ts', 'list', '--persist-to', empty], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      assert.equal(r.status, 1);
      // …and, since that is what a fresh checkout gets before `npm run db:local`, what to run.
      assert.equal(
        r.stderr.trim(),
        'wrangler d1 execute: no such table: partners: SQLITE_ERROR\n' +
          'The local database has no tables yet: npm run db:local (or npm start) prepares it.',
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('says an origin a partner already has was already registered, not that it "may now" embed; one origin per add-origin', () => {
    assert.equal(partners('add', 'zzo', 'Origin Society', 'https://www.origin.example').status, 0);
    assert.deepEqual(partners('add-origin', 'zzo', 'https://www.origin.example/'), {
      status: 0,
      out: 'https://www.origin.example was already registered for zzo: nothing changed.',
      err: '',
    });
    assert.deepEqual(partners('add-origin', 'zzo', 'https://beta.origin.example'), { status: 0, out: 'https://beta.origin.example may now embed the pledge for zzo.', err: '' });
    // A second origin was silently dropped: refused, nothing added, with the way to add several.
    const two = partners('add-origin', 'zzo', 'https://a.origin.example', 'https://b.origin.example');
    assert.equal(two.status, 1);
    assert.equal(two.out, '');
    assert.equal(two.err, 'add-origin takes one partner id and one origin (got 3 arguments). To add several: npm run partners -- add zzo "<display name>" <origin> <origin> …');
    assert.match(partners('list').out, /zzo +active +Origin Society\n +https:\/\/beta\.origin\.example https:\/\/www\.origin\.example$/m);
  });

  it('refuses arguments a command does not take, instead of dropping them unsaid (a second origin to remove, two ids to disable)', () => {
    assert.equal(partners('add', 'zzx', 'Extra Society', 'https://a.extra.example', 'https://b.extra.example').status, 0);
    const cases: [string[], string][] = [
      [['remove-origin', 'zzx', 'https://a.extra.example', 'https://b.extra.example'], 'remove-origin takes one partner id and one origin (got 3 arguments).'],
      [['disable', 'zzx', 'zzs'], 'disable takes one partner id (got 2 arguments).'],
      [['enable', 'zzx', 'zzs'], 'enable takes one partner id (got 2 arguments).'],
      [['list', 'zzx'], 'list takes no arguments (got 1).'],
    ];
    for (const [args, message] of cases) {
      const r = partners(...args);
      assert.deepEqual({ status: r.status, out: r.out, err: r.err }, { status: 1, out: '', err: message }, args.join(' '));
    }
    assert.match(partners('list').out, /zzx +active +Extra Society\n +https:\/\/a\.extra\.example https:\/\/b\.extra\.example$/m, 'nothing changed');
  });

  it('refuses an --env that is neither staging nor production, before asking wrangler (whose answer was only its own command line)', () => {
    const r = partners('list', '--remote', '--env', 'prod');
    assert.equal(r.status, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, '--env is staging or production (got "prod").');
  });

  it('refuses --remote without --env: the top-level database is local development\'s, never a deployed one', () => {
    const r = partners('list', '--remote');
    assert.equal(r.status, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, '--remote needs --env staging or --env production: which deployed database?');
  });

  it('refuses to enable or disable a partner that does not exist, instead of reporting success', () => {
    for (const command of ['enable', 'disable']) {
      const r = partners(command, 'nosuch');
      assert.equal(r.status, 1);
      assert.equal(r.out, '');
      assert.equal(r.err, 'No partner "nosuch". Add it first: npm run partners -- add nosuch "<display name>"');
    }
  });

  it('names the partner a mistyped id was probably meant to be (the seeded rsna for "rnsa"), instead of only offering to add the typo as a new society', () => {
    for (const command of ['enable', 'disable']) {
      const r = partners(command, 'rnsa');
      assert.equal(r.status, 1);
      assert.equal(r.err, 'No partner "rnsa": did you mean rsna? If it is a new society, add it first: npm run partners -- add rnsa "<display name>"');
    }
    const origin = partners('add-origin', 'acrr', 'https://staging.acr.org');
    assert.equal(origin.status, 1);
    assert.equal(origin.err, 'No partner "acrr": did you mean acr? If it is a new society, add it first: npm run partners -- add acrr "<display name>"');
    const removed = partners('remove-origin', 'sri', 'https://www.sirweb.org');
    assert.equal(removed.status, 1);
    assert.equal(removed.err, 'No partner "sri": did you mean sir? Nothing removed (npm run partners -- list shows the partners).');
    assert.match(partners('list').out, /rsna +active .*\n +https:\/\/www\.rsna\.org/, 'nothing was changed');
    assert.doesNotMatch(partners('list').out, /^(rnsa|acrr|sri) /m);
  });

  it('says when remove-origin removed nothing: an origin never registered, or a partner that does not exist', () => {
    assert.equal(partners('add', 'zzr', 'Remove Society', 'https://www.remove.example').status, 0);
    assert.deepEqual(partners('remove-origin', 'zzr', 'http://localhost:9999'), {
      status: 0,
      out: 'http://localhost:9999 was not registered for zzr: nothing removed (npm run partners -- list shows what is).',
      err: '',
    });
    // Its last origin gone: said that its widget now works on no site.
    assert.deepEqual(partners('remove-origin', 'zzr', 'https://www.remove.example'), {
      status: 0,
      out: 'https://www.remove.example removed from zzr.\nNo site may embed the pledge for zzr yet (it has no origins): add one with npm run partners -- add-origin zzr <origin>',
      err: '',
    });
    assert.match(partners('list').out, /zzr +active +Remove Society\n +\(no origins\)/);
    const none = partners('remove-origin', 'nosuch', 'https://www.remove.example');
    assert.equal(none.status, 1);
    assert.equal(none.err, 'No partner "nosuch": nothing removed (npm run partners -- list shows the partners).');
  });
});
