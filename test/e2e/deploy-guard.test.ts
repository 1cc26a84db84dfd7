/**
 * The deploy script (and its dry-run, which `npm test` runs) refuses settings that only local
 * development may use: the `discard` email transport and DEV_MODE, in staging and production;
 * a real deploy also refuses the committed placeholders and an environment without its secrets.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, deployRefusals, listedSecrets, placeholderRefusals, secretRefusals } from '../../scripts/lib/deploy-guard.ts';
import { ROOT } from '../../scripts/lib/run.ts';

const real = readFileSync(`${ROOT}wrangler.jsonc`, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rhec-guard-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The project's wrangler.jsonc with one environment's setting changed. */
function configWith(env: 'staging' | 'production', name: string, value: string): string {
  const start = real.indexOf(`"${env}": {`);
  assert.ok(start > 0, `wrangler.jsonc has env.${env}`);
  const setting = new RegExp(`"${name}": "[^"]*"`);
  const file = join(dir, `wrangler.${env}.${name}.jsonc`);
  writeFileSync(file, real.slice(0, start) + real.slice(start).replace(setting, `"${name}": "${value}"`));
  return file;
}

describe('the deploy guard', () => {
  it('lets the project\'s own staging and production settings through', () => {
    assert.deepEqual(deployRefusals(`${ROOT}wrangler.jsonc`, 'staging'), []);
    assert.deepEqual(deployRefusals(`${ROOT}wrangler.jsonc`, 'production'), []);
  });

  for (const env of ['staging', 'production'] as const) {
    it(`refuses EMAIL_TRANSPORT=discard in ${env}, in the deploy script's dry-run too`, () => {
      const config = configWith(env, 'EMAIL_TRANSPORT', 'discard');
      assert.match(deployRefusals(config, env).join('\n'), /EMAIL_TRANSPORT is "discard".*drops every email/);
      const other = env === 'staging' ? 'production' : 'staging';
      assert.deepEqual(deployRefusals(config, other), [], 'only the environment set to discard is refused');

      const run = spawnSync(process.execPath, ['scripts/deploy.ts', env, '--dry-run', '--config', config], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 1);
      assert.match(run.stderr, new RegExp(`Refusing to deploy ${env}:[\\s\\S]*discard`));
      assert.doesNotMatch(run.stdout, /Bundle the Worker/, 'wrangler never ran');
    });
  }

  it('refuses the updates benchmark\'s EMAIL_TRANSPORT=sink in staging and production', () => {
    for (const env of ['staging', 'production'] as const) {
      assert.match(deployRefusals(configWith(env, 'EMAIL_TRANSPORT', 'sink'), env).join('\n'), /EMAIL_TRANSPORT is "sink".*updates benchmark only/);
    }
  });

  it('refuses a real deploy (not the dry run) while PUBLIC_ORIGIN or EMAIL_FROM is still a placeholder', () => {
    for (const env of ['staging', 'production'] as const) {
      const refused = placeholderRefusals(`${ROOT}wrangler.jsonc`, env).join('\n');
      assert.match(refused, /PUBLIC_ORIGIN is "https:\/\/pledge(-staging)?\.example\.org".*step 6/);
      assert.match(refused, /EMAIL_FROM is ".*@example\.org>".*step 5/);
      const filled = configWith(env, 'PUBLIC_ORIGIN', 'https://pledge.radiologyequity.org');
      const real = join(dir, `wrangler.${env}.filled.jsonc`);
      assert.match(refused, /database_id of DB is the placeholder "0{8}-0{4}-0{4}-0{4}-0{11}[12]".*step 2/);
      writeFileSync(
        real,
        readFileSync(filled, 'utf8')
          .replace(/("EMAIL_FROM": "[^"]*<)[^>]+>/g, '$1pledge@radiologyequity.org>')
          .replace(/"database_id": "0{8}-0{4}-0{4}-0{4}-0{11}(\d)"/g, '"database_id": "5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f$1"'),
      );
      assert.deepEqual(placeholderRefusals(real, env), [], 'the coalition\'s own origin, sender and database pass');
      for (const placeholder of ['http://localhost:8787', 'https://pledge.example', 'https://pledge.example.org.', 'https://127.0.0.1', 'https://[::1]', 'http://pledge.radiologyequity.org']) {
        assert.match(placeholderRefusals(configWith(env, 'PUBLIC_ORIGIN', placeholder), env).join('\n'), /PUBLIC_ORIGIN is/, placeholder);
      }
    }
    // EMAIL_REPLY_TO: empty is fine (replies go to EMAIL_FROM); set, it must be an address on a real domain.
    for (const env of ['staging', 'production'] as const) {
      const filled = readFileSync(configWith(env, 'PUBLIC_ORIGIN', 'https://pledge.radiologyequity.org'), 'utf8')
        .replace(/("EMAIL_FROM": "[^"]*<)[^>]+>/g, '$1pledge@radiologyequity.org>')
        .replace(/"database_id": "0{8}-0{4}-0{4}-0{4}-0{11}(\d)"/g, '"database_id": "5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f$1"');
      const start = filled.indexOf(`"${env}": {`);
      const withReply = (value: string) => {
        const file = join(dir, `wrangler.${env}.reply.jsonc`);
        writeFileSync(file, filled.slice(0, start) + filled.slice(start).replace(/"EMAIL_REPLY_TO": "[^"]*"/, `"EMAIL_REPLY_TO": ${JSON.stringify(value)}`));
        return file;
      };
      for (const good of ['', 'help@radiologyequity.org', 'RHEC <help@radiologyequity.org>', 'help@radiologyequity.org.']) {
        assert.deepEqual(placeholderRefusals(withReply(good), env), [], good);
      }
      for (const bad of ['help', 'help at radiologyequity.org', 'help@localhost', 'help@example.org', 'RHEC <help@radiologyequity.org', 'a@b@radiologyequity.org', 'help@radiologyequity', 'RHEC help@radiologyequity.org']) {
        assert.match(placeholderRefusals(withReply(bad), env).join('\n'), /^EMAIL_REPLY_TO is ".*" in env\.(staging|production): set an address .*step 5\)\.$/, bad);
      }
    }
    // An option the command does not take: one line naming it, and the usage (not a stack trace).
    const option = spawnSync(process.execPath, ['scripts/deploy.ts', 'production', '--dry-run', '--var', 'X:y'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(option.status, 2);
    assert.match(option.stderr, /^Unknown option '--var'\.\nUsage: npm run deploy -- staging \| production/);
    // An environment it does not have, or none: which was given, then the usage (it was the usage alone).
    const prod = spawnSync(process.execPath, ['scripts/deploy.ts', 'prod', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(prod.status, 2);
    assert.match(prod.stderr, /^Unknown environment "prod": deploy staging or production\.\nUsage: npm run deploy -- staging \| production/);
    const none = spawnSync(process.execPath, ['scripts/deploy.ts', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^Which environment\? Deploy staging or production\.\nUsage: npm run deploy -- staging \| production/);
    // The deploy script stops before building or touching anything remote.
    const run = spawnSync(process.execPath, ['scripts/deploy.ts', 'staging'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Refusing to deploy staging:[\s\S]*PUBLIC_ORIGIN/);
    assert.doesNotMatch(run.stdout, /Build the drop-in script/);
  });

  it('refuses a second environment instead of deploying the first one named and dropping the other unsaid', () => {
    for (const args of [['staging', 'production'], ['production', '--dry-run', 'staging']]) {
      const run = spawnSync(process.execPath, ['scripts/deploy.ts', ...args, ...(args.includes('--dry-run') ? [] : ['--dry-run'])], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^Deploy one environment at a time \(got "(staging production|production staging)"\)\.\nUsage: npm run deploy -- staging \| production/);
      assert.doesNotMatch(run.stdout, /Bundle the Worker/, 'wrangler never ran');
    }
  });

  it('refuses an option the run would pass over in silence: --outdir without --dry-run, --first-deploy or --retire with it', () => {
    for (const [args, said] of [
      [['staging', '--outdir', join(dir, 'out')], "--outdir is where a dry run writes the Worker's bundle: add --dry-run, or leave --outdir out."],
      [['staging', '--first-deploy', '--dry-run'], '--first-deploy is for a real deploy: a dry run reads no live service, so there is nothing for it to skip. Leave it out of the dry run.'],
      [['production', '--dry-run', '--retire', 'e0db6b0652576313'], "--retire is for a real deploy: a dry run reads no live service's releases, so it retires and checks none. Leave it out of the dry run."],
    ] as const) {
      const run = spawnSync(process.execPath, ['scripts/deploy.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr, `${said}\nUsage: npm run deploy -- staging | production ( [--retire <hash>]… [--first-deploy] | --dry-run [--outdir DIR] )\n`, args.join(' '));
      assert.equal(run.stdout, '', 'nothing built, bundled or read');
    }
  });

  it('refuses a --retire that is not a release\'s hash before building anything', () => {
    const run = spawnSync(process.execPath, ['scripts/deploy.ts', 'production', '--retire', 'e0db6b06'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim(), "--retire e0db6b06: a release's hash is the 16 hex digits in its path (/v/<hash>/rhec-pledge.js).");
    assert.equal(run.stdout, '');
  });

  it('says which config it cannot read, and where a hand edit broke it, in one line each: not a stack trace', () => {
    const missing = spawnSync(process.execPath, ['scripts/deploy.ts', 'staging', '--dry-run', '--config', join(dir, 'nosuch.jsonc')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr.trim(), `Cannot read ${join(dir, 'nosuch.jsonc')}: no such file.`);
    // A maintainer pasting the database id in and dropping a comma.
    const broken = join(dir, 'wrangler.broken.jsonc');
    writeFileSync(broken, real.replace('"database_id": "00000000-0000-0000-0000-000000000001",', '"database_id": "5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f1"'));
    const run = spawnSync(process.execPath, ['scripts/deploy.ts', 'staging', '--dry-run', '--config', broken], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 1);
    const line = real.split('\n').findIndex((l) => l.includes('"database_id": "00000000-0000-0000-0000-000000000001"')) + 1;
    assert.match(run.stderr.trim(), new RegExp(`^${broken.replaceAll('.', '\\.')}:${line}:\\d+: not valid JSON \\(CommaExpected\\):\\n {4}.*"database_id": "5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f1" "migrations_dir"`));
    assert.doesNotMatch(run.stderr, /\bat .*\.(js|ts):\d+/, 'no stack trace');
  });

  it('refuses a database_id that is not a D1 database id (a typo, a name, half an id) before a real deploy, not halfway through it', () => {
    for (const id of ['rhec-pledge-staging', '5f0c6e1a-2b3d-4c5e-8f90', '5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f1 ']) {
      const config = join(dir, 'wrangler.badid.jsonc');
      writeFileSync(config, real.replace('"database_id": "00000000-0000-0000-0000-000000000001"', `"database_id": "${id}"`));
      assert.match(placeholderRefusals(config, 'staging').join('\n'), new RegExp(`database_id of DB is "${id.replaceAll('.', '\\.')}" in env\\.staging: not a D1 database id .*step 2`), id);
    }
  });

  it('refuses settings the Worker would pass over in silence: an Access team domain given as a URL or without its audience tag, a mailto mailbox that is not an address, a sending rate that is not a number', () => {
    for (const env of ['staging', 'production'] as const) {
      const url = deployRefusals(configWith(env, 'ACCESS_TEAM_DOMAIN', 'https://coalition.cloudflareaccess.com/'), env).join('\n');
      assert.match(url, new RegExp(`ACCESS_TEAM_DOMAIN is "https://coalition.cloudflareaccess.com/" in env.${env}: the team's host name only, like coalition.cloudflareaccess.com`));
      // One of the pair without the other: Access would never let anyone in, and nothing said so.
      assert.match(url, /ACCESS_AUD is empty .* but ACCESS_TEAM_DOMAIN is set: set both/);
      assert.match(deployRefusals(configWith(env, 'ACCESS_AUD', 'a1b2c3'), env).join('\n'), /ACCESS_TEAM_DOMAIN is empty .* but ACCESS_AUD is set: set both/);
      assert.match(deployRefusals(configWith(env, 'UNSUBSCRIBE_MAILBOX', 'unsubscribe'), env).join('\n'), /UNSUBSCRIBE_MAILBOX is "unsubscribe" .*: an email address/);
      // The Worker uses each as written: a space pasted in with it breaks the URL or the mailto.
      assert.match(deployRefusals(configWith(env, 'ACCESS_TEAM_DOMAIN', 'coalition.cloudflareaccess.com '), env).join('\n'), /ACCESS_TEAM_DOMAIN is "coalition.cloudflareaccess.com " .*host name only/);
      assert.match(deployRefusals(configWith(env, 'ACCESS_AUD', 'a1b2c3 '), env).join('\n'), /ACCESS_AUD is "a1b2c3 " .*audience tag as Cloudflare shows it, without spaces/);
      assert.match(deployRefusals(configWith(env, 'UNSUBSCRIBE_MAILBOX', ' unsubscribe@radiologyequity.org'), env).join('\n'), /UNSUBSCRIBE_MAILBOX is " unsubscribe@radiologyequity.org" .*: an email address/);
      assert.match(deployRefusals(configWith(env, 'EMAIL_RATE_PER_SECOND', 'ten'), env).join('\n'), /EMAIL_RATE_PER_SECOND is "ten" .*: a number of emails per second above 0/);
      assert.match(deployRefusals(configWith(env, 'EMAIL_RATE_PER_SECOND', '0'), env).join('\n'), /EMAIL_RATE_PER_SECOND is "0"/);
      // Set right, they pass.
      let both = configWith(env, 'ACCESS_TEAM_DOMAIN', 'coalition.cloudflareaccess.com');
      both = (() => { writeFileSync(both, readFileSync(both, 'utf8').replace(/("ACCESS_AUD": )"[^"]*"/g, '$1"a1b2c3"')); return both; })();
      assert.deepEqual(deployRefusals(both, env), []);
      assert.deepEqual(deployRefusals(configWith(env, 'UNSUBSCRIBE_MAILBOX', 'unsubscribe@radiologyequity.org'), env), []);
      assert.deepEqual(deployRefusals(configWith(env, 'EMAIL_RATE_PER_SECOND', '2.5'), env), []);
    }
  });

  it('refuses a PUBLIC_ORIGIN with a path, a query or a fragment: every link in every email is built on it and would point past the service', () => {
    for (const env of ['staging', 'production'] as const) {
      for (const value of ['https://pledge.radiologyequity.org/pledge', 'https://pledge.radiologyequity.org/?x=1', 'https://pledge.radiologyequity.org/#top']) {
        assert.match(deployRefusals(configWith(env, 'PUBLIC_ORIGIN', value), env).join('\n'), new RegExp(`PUBLIC_ORIGIN is "${value.replace(/[?.]/g, '\\$&')}" in env\\.${env}: the service's origin only, like https://pledge.radiologyequity.org`), value);
      }
      assert.deepEqual(deployRefusals(configWith(env, 'PUBLIC_ORIGIN', 'https://pledge.radiologyequity.org/'), env), [], 'a trailing slash is the same origin');
    }
  });

  it('refuses DEV_MODE=true in production', () => {
    assert.match(deployRefusals(configWith('production', 'DEV_MODE', 'true'), 'production').join('\n'), /DEV_MODE is "true"/);
  });

  it('refuses a real deploy while a required secret is missing, by name and with the command that sets it', () => {
    // What `wrangler secret list --format json` prints: names and types, never values.
    const printed = '[\n  { "name": "ADMIN_TOKEN", "type": "secret_text" },\n  { "name": "TOKEN_SECRET", "type": "secret_text" }\n]\n';
    assert.deepEqual(listedSecrets(printed), ['ADMIN_TOKEN', 'TOKEN_SECRET']);
    assert.deepEqual(listedSecrets('[]'), []);
    assert.throws(() => listedSecrets('✘ [ERROR] A request to the Cloudflare API failed.'), (err: Error) => err instanceof ConfigError && /printed no list of secrets: ✘ \[ERROR\]/.test(err.message));
    assert.throws(() => listedSecrets('{"name":"IP_SALT"}'), ConfigError);

    for (const env of ['staging', 'production'] as const) {
      const none = secretRefusals(`${ROOT}wrangler.jsonc`, env, []);
      assert.equal(none.refusals.length, 3, none.refusals.join('\n'));
      for (const name of ['ADMIN_TOKEN', 'IP_SALT', 'TOKEN_SECRET']) {
        assert.ok(none.refusals.some((r) => r.startsWith(`${name} is not set in env.${env} (`) && r.includes(`npx wrangler secret put ${name} --env ${env}`) && r.includes('step 4')), name);
      }
      const one = secretRefusals(`${ROOT}wrangler.jsonc`, env, listedSecrets(printed));
      assert.deepEqual(one.refusals.map((r) => r.split(' ')[0]), ['IP_SALT']);
      assert.deepEqual(secretRefusals(`${ROOT}wrangler.jsonc`, env, ['ADMIN_TOKEN', 'IP_SALT', 'TOKEN_SECRET']), { refusals: [], notes: [] }, 'the cloudflare transport needs no key');
    }
    // An email provider named in the settings needs its key (refused) and its webhook secret (noted).
    const required = ['ADMIN_TOKEN', 'IP_SALT', 'TOKEN_SECRET'];
    for (const [transport, webhook] of [['resend', 'RESEND_WEBHOOK_SECRET'], ['postmark', 'POSTMARK_WEBHOOK_SECRET']] as const) {
      const config = configWith('production', 'EMAIL_TRANSPORT', transport);
      const without = secretRefusals(config, 'production', required);
      assert.equal(without.refusals.length, 1);
      assert.match(without.refusals[0]!, new RegExp(`^EMAIL_API_KEY is not set in env\\.production, and EMAIL_TRANSPORT is "${transport}"`));
      assert.match(without.notes.join('\n'), new RegExp(`^${webhook} is not set in env\\.production: ${transport}'s bounce and complaint webhooks will be refused`));
      assert.deepEqual(secretRefusals(config, 'production', [...required, 'EMAIL_API_KEY', webhook]), { refusals: [], notes: [] });
      assert.deepEqual(secretRefusals(config, 'staging', required), { refusals: [], notes: [] }, 'only the environment that names the provider');
    }
    // A Turnstile site key without its secret: the hosted page would drop the check without a word.
    const turnstile = configWith('staging', 'TURNSTILE_SITE_KEY', '0x4AAAAAAAexample');
    assert.match(secretRefusals(turnstile, 'staging', required).refusals.join('\n'), /^TURNSTILE_SECRET is not set in env\.staging, but TURNSTILE_SITE_KEY is/);
    assert.deepEqual(secretRefusals(turnstile, 'staging', [...required, 'TURNSTILE_SECRET']).refusals, []);
  });

  it('stops a real deploy that cannot list the secrets (not signed in) before building or migrating anything, with wrangler\'s reason', () => {
    // Settings a real deploy accepts, and a wrangler with no Cloudflare sign-in of its own (its
    // config folder empty, no token): the secrets cannot be read, so nothing goes further.
    const filled = join(dir, 'wrangler.secrets.jsonc');
    writeFileSync(
      filled,
      real
        .replace(/"PUBLIC_ORIGIN": "https:\/\/pledge(-staging)?\.example\.org"/g, (_, staging) => `"PUBLIC_ORIGIN": "https://pledge${staging ?? ''}.radiologyequity.org"`)
        .replace(/("EMAIL_FROM": "[^"]*<)[^>]+>/g, '$1pledge@radiologyequity.org>')
        .replace(/"database_id": "0{8}-0{4}-0{4}-0{4}-0{11}(\d)"/g, '"database_id": "5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f$1"'),
    );
    assert.deepEqual(placeholderRefusals(filled, 'staging'), []);
    const home = mkdtempSync(join(dir, 'home-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', XDG_CONFIG_HOME: home, WRANGLER_LOG_PATH: home };
    delete env.CLOUDFLARE_API_TOKEN;
    delete env.CLOUDFLARE_ACCOUNT_ID;
    const run = spawnSync(process.execPath, ['scripts/deploy.ts', 'staging', '--config', filled], { cwd: ROOT, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /Check the secrets of staging/);
    assert.match(run.stderr, /^Cannot list the secrets of staging \(wrangler: In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN[^\n]*\)\. Sign in \(npx wrangler login\) and put the secrets first \(DEPLOY\.md, step 4\)\.$/m);
    assert.doesNotMatch(run.stderr, /\x1b\[/, 'no terminal colours in the reason');
    assert.doesNotMatch(run.stdout, /Build the drop-in script|Apply D1 migrations|Deploy the Worker/);
  });
});
