/** `npm run mailbox [N]`: the newest N (default 3) emails the local Worker has sent. */
import { localEmails, MAILBOX } from './lib/local-mail.ts';

const arg = process.argv[2];
const USAGE = 'Usage: npm run mailbox [N], N the number of newest emails to show (a whole number from 1; default 3)';
// Asked how to use it: told, on standard output, as a success.
if (arg === '--help' || arg === '-h' || arg === 'help') {
  console.log(`${USAGE}. Each is printed as text, newest first, with the file it is kept in under ${MAILBOX}.`);
  process.exit(0);
}
// A count of emails, or nothing: anything else is said, not read as 3 (or as every email, for -1).
if (arg !== undefined && !/^[1-9]\d*$/.test(arg)) {
  console.error(`${USAGE}, not "${arg}".`);
  process.exit(2);
}
const n = arg === undefined ? 3 : Number(arg);
const emails = localEmails().slice(0, n);
if (!emails.length) console.log(`No local emails yet. (They are kept in ${MAILBOX} while npm start runs.)`);
for (const e of emails) console.log(`── ${e.at.toISOString()}  ${e.file}\n${e.text}\n`);
