/**
 * How a Spanish sentence names a member society: with the article its English name's head noun
 * takes in Spanish (College, Board: el Colegio, el Consejo; Society, Association: la Sociedad,
 * la Asociación), as the coalition's own Spanish writes "el ACR" and "la RSNA". Used by the
 * Worker and by the counter (`<rhec-pledge-count>`: "30 a través de la RSNA"); the drop-in widget
 * does not carry it (its size budget), so its society count still reads "a través de RSNA".
 */
const ARTICLE_ES: Readonly<Record<string, 'el' | 'la'>> = { acr: 'el', arrs: 'la', aur: 'la', rsna: 'la', scard: 'la', sir: 'la', abr: 'el' };

/**
 * `name` (the society's short or full name) as a Spanish sentence says it: "la RSNA", "el American
 * College of Radiology". A society added later, whose noun is not known here, stays bare. After the
 * preposition `a` or `de`, given here, "el" contracts as Spanish requires: "al ACR", "del ACR" (never
 * "a el", "de el"); "a la RSNA", "de la RSNA"; a bare name keeps its preposition ("de NEWSOC").
 */
export function societyInSpanish(id: string, name: string, preposition?: 'a' | 'de'): string {
  const article = Object.prototype.hasOwnProperty.call(ARTICLE_ES, id) ? ARTICLE_ES[id] : undefined;
  if (article === 'el' && preposition) return `${preposition === 'a' ? 'al' : 'del'} ${name}`;
  return [preposition, article, name].filter(Boolean).join(' ');
}
