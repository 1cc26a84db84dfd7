/**
 * Releases kept across deploys (scripts/lib/releases.ts): a deploy serves the earlier releases'
 * pinned copies again, read from the live service (here a local stand-in for it, the one thing
 * beyond this machine) and checked against their hashes; a maintainer retires one by its hash.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keepReleases, listBuiltReleases } from '../../scripts/lib/releases.ts';

const hash = (code: string) => createHash('sha256').update(code).digest('hex').slice(0, 16);
const released = (name: string, code: string) => ({ path: `/v/${hash(code)}/${name}`, code });

// The live service's files: two earlier releases of the script, the modules the newest imports, a counter.
const oldest = released('rhec-pledge.js', 'console.log("release 1")');
const after1 = released('rhec-pledge-after.js', 'export const after = 2;');
const kiosk1 = released('rhec-pledge-kiosk.js', 'export const kiosk = 2;');
const previous = released('rhec-pledge.js', `const a="${after1.path}",k="${kiosk1.path}";`);
const counter = released('rhec-pledge-count.js', 'console.log("counter 2")');

let server: Server;
let origin = '';
/** What the stand-in serves: path → body (404 otherwise). */
let served: Record<string, string> = {};
const dirs: string[] = [];

/** A fresh dist/ holding this release's build: one script under /v/. */
function dist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rhec-releases-'));
  dirs.push(dir);
  const current = released('rhec-pledge.js', 'console.log("release 3")');
  mkdirSync(join(dir, 'v', hash(current.code)), { recursive: true });
  writeFileSync(join(dir, current.path), current.code);
  // As the build leaves it: the new release's own list beside its folder (a deploy writes it again).
  assert.deepEqual(listBuiltReleases(dir), [current.path]);
  return dir;
}

describe('releases kept across deploys', () => {
  before(async () => {
    server = createServer((req, res) => {
      const body = served[req.url ?? ''];
      if (body === undefined) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('deploys every file the live service lists again, beside the new release, and lists them all', async () => {
    served = Object.fromEntries([oldest, previous, after1, kiosk1, counter].map((f) => [f.path, f.code]));
    served['/v/index.json'] = JSON.stringify({ files: [oldest.path, previous.path, after1.path, kiosk1.path, counter.path] });
    const d = dist();
    const kept = await keepReleases(d, origin);
    assert.equal(kept.carried.length, 5);
    for (const f of [oldest, previous, after1, kiosk1, counter]) assert.equal(readFileSync(join(d, f.path), 'utf8'), f.code, f.path);
    const index = JSON.parse(readFileSync(join(d, 'v', 'index.json'), 'utf8')) as { files: string[] };
    assert.equal(index.files.length, 6, 'the five earlier files and the new script');
    assert.deepEqual(index.files, [...index.files].sort());
  });

  it('from a service deployed before the list existed, keeps its current release: scripts and the modules they import', async () => {
    served = Object.fromEntries([previous, after1, kiosk1, counter].map((f) => [f.path, f.code]));
    served['/rhec-pledge.json'] = JSON.stringify({ path: previous.path });
    served['/rhec-pledge-count.json'] = JSON.stringify({ path: counter.path });
    const kept = await keepReleases(dist(), origin);
    assert.deepEqual(kept.carried, [previous.path, after1.path, kiosk1.path, counter.path].sort());
  });

  it('retires a release with the modules only it imported, and refuses to retire a module a kept release imports', async () => {
    served = Object.fromEntries([oldest, previous, after1, kiosk1].map((f) => [f.path, f.code]));
    served['/v/index.json'] = JSON.stringify({ files: [oldest.path, previous.path, after1.path, kiosk1.path] });
    const kept = await keepReleases(dist(), origin, { retire: [hash(previous.code)] });
    assert.deepEqual(kept.retired, [previous.path, after1.path, kiosk1.path].sort());
    assert.deepEqual(kept.carried, [oldest.path]);
    await assert.rejects(keepReleases(dist(), origin, { retire: [hash(after1.code)] }), /cannot be retired: a release still kept imports it/);
  });

  it('refuses a --retire that retires nothing (a hash mistyped or cut short, one not served, the new release\'s own) instead of deploying everything unsaid', async () => {
    served = Object.fromEntries([oldest, previous].map((f) => [f.path, f.code]));
    served['/v/index.json'] = JSON.stringify({ files: [oldest.path, previous.path] });
    const d = dist();
    const own = hash('console.log("release 3")');
    const cases: [string, string][] = [
      ['0123456789abcdef', `--retire 0123456789abcdef: ${origin} serves no release with that hash (its list is ${origin}/v/index.json); nothing was deployed.`],
      [hash(oldest.code).slice(0, 8), `--retire ${hash(oldest.code).slice(0, 8)}: a release's hash is the 16 hex digits in its path (/v/<hash>/rhec-pledge.js); nothing was deployed.`],
      [own, `--retire ${own}: that is the release this deploy builds, not an earlier one; nothing was deployed.`],
    ];
    for (const [retire, message] of cases) {
      await assert.rejects(keepReleases(d, origin, { retire: [hash(oldest.code), retire] }), (err: Error) => err.message === message, retire);
    }
    assert.equal(existsSync(join(d, oldest.path)), false, 'nothing carried');
    await assert.rejects(
      keepReleases(dist(), origin, { retire: [hash(oldest.code)], firstDeploy: true }),
      (err: Error) => err.message === `--retire ${hash(oldest.code)}: a first deploy (--first-deploy) has no earlier release to retire; nothing was deployed.`,
    );
  });

  it('on an environment\'s first deploy, says how to go on when nothing answers, and with --first-deploy reads nothing', async () => {
    // As fetch fails when no such host exists.
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND pledge.not-yet.example'), { code: 'ENOTFOUND' }) });
    };
    await assert.rejects(keepReleases(dist(), 'https://pledge.not-yet.example', { fetch: unreachable }), /could not be reached[\s\S]*--first-deploy/);
    const d = dist();
    const kept = await keepReleases(d, 'https://pledge.not-yet.example', { fetch: unreachable, firstDeploy: true });
    assert.deepEqual(kept.carried, []);
    assert.equal(kept.files.length, 1, 'the new release alone');
    assert.deepEqual(JSON.parse(readFileSync(join(d, 'v', 'index.json'), 'utf8')), { files: kept.files });
  });

  it('never suggests --first-deploy for a service that answered (a redirect, a list that is not one), and refuses it where a release is served', async () => {
    const redirected: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    };
    await assert.rejects(keepReleases(dist(), origin, { fetch: redirected }), (err: Error) => /could not be read[\s\S]*unexpected redirect/.test(err.message) && !/--first-deploy/.test(err.message));
    served = { '/v/index.json': 'null' };
    await assert.rejects(keepReleases(dist(), origin), /not a list of files/);
    served = { '/rhec-pledge.json': JSON.stringify({ path: previous.path }), [previous.path]: previous.code };
    await assert.rejects(keepReleases(dist(), origin, { firstDeploy: true }), /already serves a release[\s\S]*without --first-deploy/);
  });

  it('leaves out a release a maintainer retires by its hash, and says so', async () => {
    served = Object.fromEntries([oldest, previous].map((f) => [f.path, f.code]));
    served['/v/index.json'] = JSON.stringify({ files: [oldest.path, previous.path] });
    const d = dist();
    const kept = await keepReleases(d, origin, { retire: [hash(oldest.code)] });
    assert.deepEqual(kept.retired, [oldest.path]);
    assert.deepEqual(kept.carried, [previous.path]);
    assert.equal(existsSync(join(d, oldest.path)), false);
  });

  it('stops the deploy rather than take pinned copies away: a file that does not match its hash, one listed but gone, a service that cannot be read', async () => {
    served = { '/v/index.json': JSON.stringify({ files: [oldest.path] }), [oldest.path]: 'tampered' };
    await assert.rejects(keepReleases(dist(), origin), /does not match its hash/);
    served = { '/v/index.json': JSON.stringify({ files: [oldest.path] }) };
    await assert.rejects(keepReleases(dist(), origin), /is listed but not served/);
    served = { '/v/index.json': JSON.stringify({ files: ['/../../etc/passwd'] }) };
    await assert.rejects(keepReleases(dist(), origin), /not a released file's path/);
    // A manifest naming somewhere else is refused before anything is fetched from there.
    const asked: string[] = [];
    const recording: typeof fetch = async (url) => {
      asked.push(String(url));
      return String(url).endsWith('/rhec-pledge.json') ? new Response(JSON.stringify({ path: '.attacker.example/x' })) : new Response('', { status: 404 });
    };
    await assert.rejects(keepReleases(dist(), origin, { fetch: recording }), /names "\.attacker\.example\/x", which is not a released file's path/);
    assert.ok(asked.every((u) => u.startsWith(origin)), asked.join(' '));
    served = {};
    const broken: typeof fetch = async () => new Response('busy', { status: 503 });
    await assert.rejects(keepReleases(dist(), origin, { fetch: broken }), /answered 503/);
    await assert.rejects(keepReleases(dist(), 'http://127.0.0.1:1'));
  });
});
