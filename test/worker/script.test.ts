import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /rhec-pledge.js', () => {
  it('serves the built drop-in script as JavaScript any page may load', async () => {
    const res = await SELF.fetch('https://pledge.test/rhec-pledge.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await res.text()).toContain('rhec-pledge');
  });
});
