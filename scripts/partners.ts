/**
 * Manage partner societies and the origins allowed to embed the pledge (CORS), in D1:
 * `npm run partners -- help` prints the commands and options (`USAGE` below).
 * Targets local D1 unless given --remote with --env <name>.
 */
import { parseArgs } from 'node:util';
import { displayName, origin, partnerId } from '../worker/partners/rules.ts';
import { execute, sqlString, type D1Target } from './lib/d1.ts';
import { firstLine } from './lib/run.ts';

/**
 * Adds a partner, or renames an existing one and adds origins to it. An existing partner keeps
 * its state: a disabled one stays disabled (`enable` turns it back on, said out loud).
 * Returns what the partner was before (absent, active or disabled), which of `origins` it already
 * had, and how many origins it has now.
 */
export async function addPartner(
  id: string,
  name: string,
  origins: string[],
  target: D1Target,
): Promise<{ was: 'new' | 'active' | 'disabled'; had: string[]; count: number }> {
  const [before] = await execute<{ active: number }>(`SELECT active FROM partners WHERE id = ${sqlString(id)}`, target);
  const existing = before
    ? (await execute<{ origin: string }>(`SELECT origin FROM partner_origins WHERE partner_id = ${sqlString(id)}`, target)).map((r) => r.origin)
    : [];
  const had = existing.filter((o) => origins.includes(o));
  const sql = [
    `INSERT INTO partners (id, name) VALUES (${sqlString(id)}, ${sqlString(name)})
       ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
    `INSERT INTO pledge_counts (partner_id) VALUES (${sqlString(id)}) ON CONFLICT DO NOTHING`,
    ...origins.map((o) => `INSERT OR IGNORE INTO partner_origins (partner_id, origin) VALUES (${sqlString(id)}, ${sqlString(o)})`),
  ];
  await execute(sql.join(';\n'), target);
  return { was: !before ? 'new' : before.active ? 'active' : 'disabled', had, count: new Set([...existing, ...origins]).size };
}

/**
 * Said when a partner is added, or left, with no origins: the API's CORS answers only registered
 * origins, so until one is added its widget works on no site (a maintainer adding a society
 * before its webmaster says where it embeds was told nothing of it).
 */
export const noOrigins = (id: string) => `No site may embed the pledge for ${id} yet (it has no origins): add one with npm run partners -- add-origin ${id} <origin>`;

/**
 * Said when `id` names no partner, for a command that would `change` one or `remove` an origin.
 * A typo of a partner that exists ("rnsa" for rsna) is named with the partner it was probably
 * meant to be: offering only to add the typo as a new society led to a second, empty one.
 */
export async function noSuchPartner(id: string, target: D1Target, command: 'change' | 'remove'): Promise<Error> {
  const ids = (await execute<{ id: string }>('SELECT id FROM partners ORDER BY id', target)).map((r) => r.id);
  const near = ids.filter((known) => editDistance(id, known) <= (Math.min(id.length, known.length) >= 5 ? 2 : 1));
  const guess = near.length ? `: did you mean ${near.join(' or ')}?` : '';
  const list = '(npm run partners -- list shows the partners)';
  const add = `npm run partners -- add ${id} "<display name>"`;
  if (command === 'remove') return new Error(guess ? `No partner "${id}"${guess} Nothing removed ${list}.` : `No partner "${id}": nothing removed ${list}.`);
  return new Error(guess ? `No partner "${id}"${guess} If it is a new society, add it first: ${add}` : `No partner "${id}". Add it first: ${add}`);
}

/** Edits (insert, delete, replace, or swap two neighbours) that turn one id into the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Registers `o` for partner `id`; false when it already was (nothing changed). */
export async function addOrigin(id: string, o: string, target: D1Target): Promise<boolean> {
  const rows = await execute(`SELECT id FROM partners WHERE id = ${sqlString(id)}`, target);
  if (!rows.length) throw await noSuchPartner(id, target, 'change');
  const added = await execute(
    `INSERT INTO partner_origins (partner_id, origin) VALUES (${sqlString(id)}, ${sqlString(o)}) ON CONFLICT DO NOTHING RETURNING origin`,
    target,
  );
  return added.length > 0;
}

/** What `help`, `--help` and `-h` print (and a command it does not know, with exit code 1). */
export const USAGE = `Manage the partner societies and the sites allowed to embed their pledge (CORS), in D1.

  npm run partners -- list                                   every society, active or disabled, with its sites
  npm run partners -- add <id> "<display name>" [origin ...]  add a society (or rename one, adding sites)
  npm run partners -- add-origin <id> <origin>               let a site embed the pledge for a society
  npm run partners -- remove-origin <id> <origin>            stop a site embedding it
  npm run partners -- disable <id>                           stop a society taking pledges (its counts stay)
  npm run partners -- enable <id>                            let it take pledges again

Options (after the command or before it):
  --env <staging|production>   a deployed environment's database (with --remote)
  --remote                     the deployed database instead of local development's
  --persist-to <dir>           a local state folder other than .wrangler/state

An origin is a site's scheme, host and port, e.g. https://www.rsna.org. The Worker picks changes up within 30 s.`;

/** How many arguments each command takes, and in words (`add` takes any number). */
const ARGUMENTS: Record<string, { count: number; what: string }> = {
  list: { count: 0, what: 'no arguments' },
  'add-origin': { count: 2, what: 'one partner id and one origin' },
  'remove-origin': { count: 2, what: 'one partner id and one origin' },
  disable: { count: 1, what: 'one partner id' },
  enable: { count: 1, what: 'one partner id' },
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      remote: { type: 'boolean', default: false },
      env: { type: 'string' },
      'persist-to': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] === 'help') {
    console.log(USAGE);
    return;
  }
  // The top-level database is local development's: a deployed one is always an environment's.
  if (values.remote && !values.env) throw new Error('--remote needs --env staging or --env production: which deployed database?');
  // Any other name reached wrangler, whose refusal was only its own command line.
  if (values.env !== undefined && values.env !== 'staging' && values.env !== 'production') throw new Error(`--env is staging or production (got "${values.env}").`);
  const target: D1Target = { remote: values.remote, env: values.env, persistTo: values['persist-to'] };
  const [command, ...rest] = positionals;
  // An argument a command does not take was once dropped without a word (a second origin to
  // remove, a second id to disable): refused, with nothing done. `add` takes any number of origins.
  const takes = ARGUMENTS[command ?? ''];
  if (takes && rest.length > takes.count) {
    const several = command === 'add-origin' ? ` To add several: npm run partners -- add ${rest[0]} "<display name>" <origin> <origin> …` : '';
    throw new Error(`${command} takes ${takes.what} (got ${rest.length}${takes.count ? ' arguments' : ''}).${several}`);
  }
  switch (command) {
    case 'list': {
      const rows = await execute<{ id: string; name: string; active: number; origins: string | null }>(
        `SELECT p.id, p.name, p.active, group_concat(o.origin, ' ') AS origins
         FROM partners p LEFT JOIN partner_origins o ON o.partner_id = p.id GROUP BY p.id ORDER BY p.id`,
        target,
      );
      for (const r of rows) console.log(`${r.id.padEnd(8)} ${r.active ? 'active  ' : 'disabled'} ${r.name}\n         ${r.origins ?? '(no origins)'}`);
      return;
    }
    case 'add': {
      const id = partnerId(rest[0]);
      const name = displayName(rest[1]);
      // A deployed database takes only public https sites, as the dashboard of a deployed Worker does.
      const origins = rest.slice(2).map((o) => origin(o, { publicOnly: target.remote }));
      const { was, had, count } = await addPartner(id, name, origins, target);
      const withOrigins = origins.length ? ` with ${origins.join(', ')}` : '';
      const added = origins.filter((o) => !had.includes(o));
      if (was === 'new') console.log(`Partner ${id} added${withOrigins}.`);
      else {
        console.log(
          `Partner ${id} already existed: named "${name}"${added.length ? `, ${added.join(', ')} added` : ''}` +
            `${had.length ? `; ${had.join(', ')} ${had.length === 1 ? 'was' : 'were'} already registered` : ''}.`,
        );
      }
      if (was === 'disabled') console.log(`It is still disabled (its widget takes no pledges): npm run partners -- enable ${id}`);
      if (!count) console.log(noOrigins(id));
      return;
    }
    case 'add-origin': {
      const id = partnerId(rest[0]);
      const o = origin(rest[1], { publicOnly: target.remote });
      if (await addOrigin(id, o, target)) console.log(`${o} may now embed the pledge for ${id}.`);
      else console.log(`${o} was already registered for ${id}: nothing changed.`);
      return;
    }
    case 'remove-origin': {
      const id = partnerId(rest[0]);
      const o = origin(rest[1]);
      const gone = await execute<{ origin: string }>(
        `DELETE FROM partner_origins WHERE partner_id = ${sqlString(id)} AND origin = ${sqlString(o)} RETURNING origin`,
        target,
      );
      if (gone.length) {
        console.log(`${o} removed from ${id}.`);
        const left = await execute(`SELECT 1 AS found FROM partner_origins WHERE partner_id = ${sqlString(id)} LIMIT 1`, target);
        if (!left.length) console.log(noOrigins(id));
      } else if ((await execute(`SELECT 1 AS found FROM partners WHERE id = ${sqlString(id)}`, target)).length) {
        console.log(`${o} was not registered for ${id}: nothing removed (npm run partners -- list shows what is).`);
      } else throw await noSuchPartner(id, target, 'remove');
      return;
    }
    case 'disable':
    case 'enable': {
      const id = partnerId(rest[0]);
      const changed = await execute(
        `UPDATE partners SET active = ${command === 'enable' ? 1 : 0} WHERE id = ${sqlString(id)} RETURNING id`,
        target,
      );
      if (!changed.length) throw await noSuchPartner(id, target, 'change');
      console.log(`Partner ${id} ${command}d.`);
      return;
    }
    default:
      console.error(command ? `Unknown command "${command}".\n` : 'Which command?\n');
      console.error(USAGE);
      process.exitCode = 1;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((err: Error) => {
    // (An unknown option from parseArgs: its first line names it; the usage says what there is.)
    console.error(firstLine(err));
    // What a fresh checkout gets before its local database is prepared.
    if (/no such table/.test(firstLine(err)) && !process.argv.includes('--remote')) console.error('The local database has no tables yet: npm run db:local (or npm start) prepares it.');
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`\n${USAGE}`);
    process.exit(1);
  });
}
