/** `npm run mailbox [N]`: the newest N (default 3) emails the local Worker has sent. */
import { localEmails, MAILBOX } from './lib/local-mail.ts';

const n = Number(process.argv[2]) || 3;
const emails = localEmails().slice(0, n);
if (!emails.length) console.log(`No local emails yet. (They are kept in ${MAILBOX} while npm start runs.)`);
for (const e of emails) console.log(`── ${e.at.toISOString()}  ${e.file}\n${e.text}\n`);
