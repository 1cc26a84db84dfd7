/**
 * The "ask a colleague to pledge" links for the pledge page's address `url`: the widget's
 * thank-you panel (src/after/after.ts) and the hosted page's (worker/pledges/page.ts) alike.
 */
export function shareHrefs(url: string, s: { commitmentHeading: string; commitmentText: string }) {
  const enc = encodeURIComponent;
  return {
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${enc(url)}`,
    x: `https://x.com/intent/post?text=${enc(s.commitmentText)}&url=${enc(url)}`,
    email: `mailto:?subject=${enc(s.commitmentHeading)}&body=${enc(`${s.commitmentText}\n\n${url}`)}`,
  };
}
