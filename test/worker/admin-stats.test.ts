import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { changePartner } from '../../worker/partners/admin.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { confirmPledge, withdrawPledge } from '../../worker/pledges/status.ts';
import { storePledges } from '../../worker/pledges/store.ts';

type Counts = { confirmed: number; pending: number; flagged: number; withdrawn: number };
type Stats = {
  total: Counts;
  partners: (Counts & { partner: string; name: string; active: number })[];
  roles: (Counts & { role: string })[];
  days: (Counts & { day: string })[];
};

async function stats(): Promise<Stats> {
  const res = await SELF.fetch('https://pledge.test/api/admin/stats', { headers: { Authorization: 'Bearer test-admin-token' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
  return res.json();
}

function message(partner: string, flag: PledgeMessage['flag'] = null): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner, name: 'Stats Person', email: `stats.${crypto.randomUUID()}@example.org`, role: 'physicist', commitment: true },
    flag,
    ipHash: null,
    receivedAt: new Date().toISOString(),
  };
}

const only = ({ confirmed, pending, flagged, withdrawn }: Counts) => ({ confirmed, pending, flagged, withdrawn });
const minus = (a: Counts, b: Counts) => ({
  confirmed: a.confirmed - b.confirmed,
  pending: a.pending - b.pending,
  flagged: a.flagged - b.flagged,
  withdrawn: a.withdrawn - b.withdrawn,
});

describe('the maintainers\' campaign report', () => {
  it('counts each pledge once, in exactly one of confirmed, pending, flagged or withdrawn', async () => {
    const partner = `stats${crypto.randomUUID().slice(0, 8)}`;
    await changePartner(env.DB, { action: 'add', id: partner, name: 'Stats Society' });
    const before = await stats();
    const beforeRole = before.roles.find((r) => r.role === 'physicist') ?? { confirmed: 0, pending: 0, flagged: 0, withdrawn: 0 };
    const today = new Date().toISOString().slice(0, 10);
    const beforeDay = before.days.find((d) => d.day === today) ?? { confirmed: 0, pending: 0, flagged: 0, withdrawn: 0 };

    const [confirmed, pending1, pending2, withdrawn] = [message(partner), message(partner), message(partner), message(partner)];
    const flagged = message(partner, 'honeypot');
    await storePledges(env.DB, [confirmed, pending1, pending2, withdrawn, flagged]);
    expect(await confirmPledge(env.DB, confirmed.id)).toBe('confirmed');
    await withdrawPledge(env.DB, withdrawn.id);

    const after = await stats();
    const row = after.partners.find((p) => p.partner === partner)!;
    expect(row).toMatchObject({ name: 'Stats Society', active: 1 });
    expect(only(row)).toEqual({ confirmed: 1, pending: 2, flagged: 1, withdrawn: 1 });
    expect(minus(after.total, before.total)).toEqual({ confirmed: 1, pending: 2, flagged: 1, withdrawn: 1 });
    expect(minus(after.roles.find((r) => r.role === 'physicist')!, beforeRole)).toEqual({ confirmed: 1, pending: 2, flagged: 1, withdrawn: 1 });
    expect(minus(after.days.find((d) => d.day === today)!, beforeDay)).toEqual({ confirmed: 1, pending: 2, flagged: 1, withdrawn: 1 });

    // The dashboard's own figures agree with the aggregate the public counts come from.
    const aggregate = await env.DB.prepare('SELECT confirmed, pending, withdrawn FROM pledge_counts WHERE partner_id = ?').bind(partner).first();
    expect(aggregate).toEqual({ confirmed: 1, pending: 2, withdrawn: 1 });
  });

  it('lists a partner with no pledges with zeros, not gaps', async () => {
    const partner = `empty${crypto.randomUUID().slice(0, 8)}`;
    await changePartner(env.DB, { action: 'add', id: partner, name: 'Empty Society' });
    const row = (await stats()).partners.find((p) => p.partner === partner)!;
    expect(only(row)).toEqual({ confirmed: 0, pending: 0, flagged: 0, withdrawn: 0 });
  });
});
