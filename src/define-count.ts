/**
 * The counter script's entry: registers `<rhec-pledge-count>` unless it is already defined,
 * so loading the script twice (or two versions of it) does no harm. Exports nothing: no globals.
 */
import { RhecPledgeCount } from './rhec-pledge-count.ts';

if (!customElements.get('rhec-pledge-count')) customElements.define('rhec-pledge-count', RhecPledgeCount);
