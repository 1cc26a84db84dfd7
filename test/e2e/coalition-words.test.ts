/**
 * The widget speaks the coalition's own words (../shared/content/coalition-page.txt, copied into the
 * repository as the build's source would be): the commitment, the three facts and the sentence on
 * what the coalition does are the page's sentences, not paraphrases of them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { en } from '../../src/i18n/en.ts';
import { ABOUT_STRINGS } from '../../worker/about/strings.ts';

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

  it('is carried whole by /about: every paragraph of the page word for word, but the two lines that name an email', () => {
    const a = ABOUT_STRINGS.en;
    const kept = [a.tagline, ...a.story, a.conveningHeading, ...a.convening, a.factsAfter.replace(/:$/, ''), a.quote, a.joinHeading, en.commitmentHeading];
    for (const words of kept) assert.ok(page.includes(words), words);
    // Every sentence of the page is on /about but two: the email comes from the coalition, not the
    // ACR (afterSigning says so), and the page gives no address to email (/about links to /join).
    const shown = [...kept, a.afterSigning, en.commitmentText, ...en.facts].join(' ');
    // The image before the facts is named as /about heads them.
    const left = readFileSync(new URL('./fixtures/coalition-page.txt', import.meta.url), 'utf8')
      .split(/\n\s*\n/)
      .slice(1) // the coalition's name, the page's title
      .map((paragraph) => paragraph.replace(/^\s*•\s*/, '').replace(/\s+/g, ' ').trim())
      .filter((paragraph) => paragraph !== `${a.factsHeading} image`)
      .flatMap((paragraph) => paragraph.split(/(?<=[.?])\s+|“/))
      .map((sentence) => sentence.replace(/”$/, ''))
      .filter((sentence) => !shown.includes(sentence));
    assert.deepEqual(left, ['Look for an email from the ACR upon completion of this form.', 'Please email for more information.']);
  });
});

