import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { keyedHash } from '../../worker/platform/tokens.ts';
import { suppress, suppressedInExport } from '../../worker/updates/consent.ts';
import { pledge, postPledge, storedRows } from './helpers.ts';

const admin = (path: string, token?: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://pledge.test/api/admin/${path}`, {
    headers: token ? { Authorization: `Bearer ${token}`, ...headers } : headers,
  });

describe('maintainers\' routes', () => {
  it('refuse without the admin token, or with a wrong one', async () => {
    for (const path of ['pledges.csv', 'stats']) {
      const none = await admin(path);
      expect(none.status).toBe(401);
      expect(none.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect((await admin(path, 'test-admin-tokeN')).status).toBe(401);
      expect((await admin(path, 'test-admin-token-and-more')).status).toBe(401);
    }
  });

  it('take the Bearer scheme in any case, as HTTP says', async () => {
    for (const scheme of ['bearer', 'BEARER']) {
      const res = await SELF.fetch('https://pledge.test/api/admin/stats', { headers: { Authorization: `${scheme} test-admin-token` } });
      expect(res.status, scheme).toBe(200);
    }
  });

  it('are never open to partner pages through CORS', async () => {
    const res = await admin('stats', 'test-admin-token', { Origin: 'https://www.rsna.org' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('export pledges as CSV with formula-like cells neutralized', async () => {
    const dangerous = pledge({
      name: '-Ada Lovelace',
      // (A link's own // is refused in an organization now: a formula without one still must not run.)
      organization: '=HYPERLINK("evil.example","click")',
      region: 'US-OH', // a region is a code now (US-OH, MX), so it never holds a formula
    });
    const tabbed = pledge({ organization: '@SUM(A1:A9)', region: 'mx' });
    const plus = pledge({ organization: '+1 555 0100' });
    await postPledge(plus);
    await storedRows(plus.email as string);
    await postPledge(dangerous);
    await postPledge(tabbed);
    await storedRows(dangerous.email as string);
    await storedRows(tabbed.email as string);

    const res = await admin('pledges.csv', 'test-admin-token');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment; filename="rhec-pledges-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheets read UTF-8
    const csv = new TextDecoder().decode(bytes);
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe('id,partner_id,name,email,role,organization,region,updates,suppressed,lang,status,flagged,flag_reason,created_at,confirmed_at,reminders,source');
    const row = lines.find((l) => l.includes(dangerous.email as string))!;
    expect(row).toContain(`"'=HYPERLINK(""evil.example"",""click"")"`);
    expect(row).toContain(",'-Ada Lovelace,");
    expect(lines.find((l) => l.includes(plus.email as string))).toContain(",'+1 555 0100,");
    expect(row).toContain(',US-OH,');
    expect(lines.find((l) => l.includes(tabbed.email as string))).toContain(",'@SUM(A1:A9),");
    expect(lines.find((l) => l.includes(tabbed.email as string))).toContain(',MX,');
    expect(csv).not.toMatch(/,[=+\-@][^,]*/);
  });

  it('export whether each address is on the suppression list, so no other tool emails one that bounced', async () => {
    const bounced = pledge({ name: 'Bea Bounced', organization: 'Clinic', updates: true });
    const fine = pledge({ name: 'Fran Fine', organization: 'Clinic', updates: true });
    await postPledge(bounced);
    await postPledge(fine);
    await storedRows(bounced.email as string);
    await storedRows(fine.email as string);
    const column = async (email: string) => {
      const lines = (await (await admin('pledges.csv', 'test-admin-token')).text()).split(/\r?\n/);
      const at = lines[0]!.replace(/^\uFEFF/, '').split(',').indexOf('suppressed');
      const row = lines.find((l) => l.includes(email))!.split(',');
      return [row[at], row[at - 1]]; // suppressed, and updates beside it
    };
    expect(await column(bounced.email as string)).toEqual(['0', '1']);
    // As a bounce webhook records it: the address in another case.
    await suppress(env, (bounced.email as string).toUpperCase(), 'bounce', 'test');
    expect(await column(bounced.email as string)).toEqual(['1', '1']);
    expect(await column(fine.email as string)).toEqual(['0', '1']);
  });

  it('find every suppressed address in an export of thousands (hashed a thousand at a time)', async () => {
    const emails = Array.from({ length: 2_500 }, (_, i) => `export.${i}@example.org`);
    const listed = [emails[0]!, emails[999]!, emails[1_000]!, emails[2_499]!];
    for (const email of listed) await suppress(env, email, 'bounce', 'test');
    // Twice over, as an export may list an address on more than one row.
    expect([...(await suppressedInExport(env, [...emails, ...emails]))].sort()).toEqual([...listed].sort());
  });

  it('find an address in an export by its mailbox, or by the exact address a suppression was recorded under before mailboxes were folded', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    await suppress(env, `folded.${tag}@gmail.com`, 'complaint', 'test');
    await env.DB.prepare(`INSERT INTO email_suppressions (address_hash, reason, source) VALUES (?, 'bounce', 'test')`)
      .bind(await keyedHash(env, 'suppression', `old+${tag}@example.org`))
      .run();
    const variant = `Folded${tag}+pledge@gmail.com`; // the same mailbox, another address
    const legacy = `Old+${tag}@example.org`; // only its exact address is listed
    expect([...(await suppressedInExport(env, [variant, legacy, `old.${tag}@example.org`]))].sort()).toEqual([legacy, variant].sort());
  });

  it('report the campaign by partner, role and day, counting each pledge exactly once', async () => {
    type Counts = { confirmed: number; pending: number; flagged: number; withdrawn: number };
    type Stats = { total: Counts; partners: ({ partner: string } & Counts)[]; roles: ({ role: string } & Counts)[]; days: ({ day: string } & Counts)[] };
    const read = async () => {
      const res = await admin('stats', 'test-admin-token');
      expect(res.status).toBe(200);
      return (await res.json()) as Stats;
    };
    await env.DB.prepare("UPDATE partners SET active = 1 WHERE id = 'abr'").run();
    const today = new Date().toISOString().slice(0, 10);
    const before = await read();
    const pendingOf = (s: Stats) => ({
      total: s.total.pending,
      abr: s.partners.find((r) => r.partner === 'abr')?.pending ?? 0,
      technologist: s.roles.find((r) => r.role === 'technologist')?.pending ?? 0,
      today: s.days.find((d) => d.day === today)?.pending ?? 0,
    });
    const p = pledge({ partner: 'abr', role: 'technologist' });
    const flagged = pledge({ partner: 'abr', role: 'technologist', website: 'http://spam.example' });
    await postPledge(p);
    await postPledge(flagged);
    await storedRows(p.email as string);
    await storedRows(flagged.email as string);
    const after = await read();
    const was = pendingOf(before);
    // The clean pledge adds exactly one pending everywhere; the flagged one adds none there, one to flagged.
    expect(pendingOf(after)).toEqual({ total: was.total + 1, abr: was.abr + 1, technologist: was.technologist + 1, today: was.today + 1 });
    expect(after.total.flagged).toBe(before.total.flagged + 1);
    expect(after.total.confirmed).toBe(before.total.confirmed);
    expect(after.partners.map((r) => r.partner)).toContain('abr');
    expect(after.days.at(-1)!.day).toBe(today);
  });
});
