/**
 * The widget speaks the coalition's own words (../shared/content/coalition-page.txt, copied into the
 * repository as the build's source would be): the commitment, the three facts and the sentence on
 * what the coalition does are the page's sentences, not paraphrases of them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { en } from '../../src/i18n/en.ts';

const page = readFileSync(new URL('./fixtures/coalition-page.txt', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe("the coalition's own words", () => {
  it('has the commitment and each fact word for word', () => {
    assert.ok(page.includes(en.commitmentText), en.commitmentText);
    for (const fact of en.facts) assert.ok(page.includes(fact), fact);
  });

  it('says what the coalition will do in its own clause, after who convenes it (the ACR, as the page says)', () => {
    const [who, what] = en.story.split(', the coalition ');
    assert.equal(who, 'Convened by the ACR');
    assert.ok(page.includes('The ACR will convene the Coalition'));
    assert.ok(page.includes(what!.replace(/\.$/, '')), what);
  });
});
