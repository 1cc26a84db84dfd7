/**
 * /admin/resources says which roles, in which language, get fewer than three next steps: the
 * thank-you panel, the confirmed page and the confirmation email show three (issue 13), and a
 * library with none yet (a fresh deployment) shows pledgers none, which nothing else tells staff.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminSignIn } from './helpers.ts';

const ADMIN = { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' };

let n = 0;
async function addStep(role: string, lang: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await SELF.fetch('https://pledge.test/api/admin/resources', {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify({ title: `Step ${++n}`, url: `https://www.acr.org/gap-${n}`, summary: 'A summary.', step: `Do thing ${n}`, kind: 'toolkit', roles: [role], lang, ...extra }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The gaps the page lists, as text: one line per role and language. */
async function gaps(cookie: string, lang = 'en'): Promise<string[]> {
  const page = await (await SELF.fetch(`https://pledge.test/admin/resources?lang=${lang}`, { headers: { Cookie: cookie } })).text();
  const list = page.match(/<ul class="step-gaps">([\s\S]*?)<\/ul>/)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());
}

describe('the next steps each role gets, on the dashboard', () => {
  it('lists every role and language with fewer than three steps, in English and Spanish, until each has three', async () => {
    const cookie = await adminSignIn();
    const before = await gaps(cookie);
    expect(before).toContain('Radiology nurse, Spanish: 0 of 3');
    expect(before).toContain('Radiologist, English: 0 of 3');
    expect(before).toHaveLength(14); // 7 roles × 2 languages, none with a step yet
    expect(await gaps(cookie, 'es')).toContain('Enfermero/a de radiología, español: 0 de 3');

    // Two nurse steps in Spanish, one retired, one without a step, one in English: still short.
    await addStep('nurse', 'es');
    await addStep('nurse', 'es');
    await addStep('nurse', 'es', { active: false });
    await addStep('nurse', 'es', { step: undefined });
    await addStep('nurse', 'en');
    expect(await gaps(cookie)).toContain('Radiology nurse, Spanish: 2 of 3');
    expect(await gaps(cookie)).toContain('Radiology nurse, English: 1 of 3');

    await addStep('nurse', 'es');
    const after = await gaps(cookie);
    expect(after.some((g) => g.startsWith('Radiology nurse, Spanish'))).toBe(false);
    expect(after).toHaveLength(13);
  });
});
