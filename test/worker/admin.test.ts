import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
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

  it('are never open to partner pages through CORS', async () => {
    const res = await admin('stats', 'test-admin-token', { Origin: 'https://www.rsna.org' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('export pledges as CSV with formula-like cells neutralized', async () => {
    const dangerous = pledge({
      name: '=HYPERLINK("http://evil.example","click")',
      organization: '+1 555 0100',
      region: '@SUM(A1:A9)',
    });
    const tabbed = pledge({ organization: '-2+3', region: 'Plain Region' });
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
    expect(lines[0]).toBe('id,partner_id,name,email,role,organization,region,updates,lang,status,flagged,flag_reason,created_at,confirmed_at');
    const row = lines.find((l) => l.includes(dangerous.email as string))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain("'+1 555 0100");
    expect(row).toContain("'@SUM(A1:A9)");
    expect(lines.find((l) => l.includes(tabbed.email as string))).toContain("'-2+3");
    expect(lines.find((l) => l.includes(tabbed.email as string))).toContain(',Plain Region,');
    expect(csv).not.toMatch(/,[=+\-@][^,]*/);
  });

  it('report the campaign by partner, role and day', async () => {
    const p = pledge({ partner: 'abr', role: 'technologist' });
    await env.DB.prepare("UPDATE partners SET active = 1 WHERE id = 'abr'").run();
    await postPledge(p);
    await storedRows(p.email as string);
    const res = await admin('stats', 'test-admin-token');
    expect(res.status).toBe(200);
    const stats = (await res.json()) as {
      total: { pending: number };
      partners: { partner: string; pending: number }[];
      roles: { role: string; pending: number }[];
      days: { day: string; pending: number }[];
    };
    expect(stats.total.pending).toBeGreaterThanOrEqual(1);
    expect(stats.partners.map((r) => r.partner)).toContain('abr');
    expect(stats.partners.find((r) => r.partner === 'abr')!.pending).toBeGreaterThanOrEqual(1);
    expect(stats.roles.find((r) => r.role === 'technologist')!.pending).toBeGreaterThanOrEqual(1);
    expect(stats.days.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
  });
});
