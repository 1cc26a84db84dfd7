/**
 * The drop-in script's entry: registers `<rhec-pledge>` unless a copy of this script
 * (or another version of it) already did, so loading it twice does no harm.
 * It exports nothing, so the built script adds no globals to the host page.
 */
import { RhecPledge } from './rhec-pledge.ts';

if (!customElements.get('rhec-pledge')) customElements.define('rhec-pledge', RhecPledge);
