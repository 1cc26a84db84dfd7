/**
 * What a deployed environment must never be configured with, checked by `npm run deploy` and
 * its dry-run before wrangler runs: the benchmarks' `discard` and `sink` email transports (which
 * drop every email) and local development's DEV_MODE (which signs links with a public key).
 */
import { unstable_readConfig } from 'wrangler';

/** The email transports a deployed Worker may use (see worker/platform/outbox/transport.ts). */
export const DEPLOYABLE_TRANSPORTS = ['cloudflare', 'resend', 'postmark'];
/** Transports for this machine only, and why. */
const LOCAL_ONLY: Record<string, string> = {
  discard: '"discard" drops every email: benchmarks and local load tests only',
  sink: '"sink" hands every email to a local counting server: the updates benchmark only',
};

/** Every reason `env` in this wrangler config must not be deployed; empty when it may be. */
export function deployRefusals(configPath: string, env: string): string[] {
  const { vars } = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
  const refusals: string[] = [];
  const transport = String(vars.EMAIL_TRANSPORT ?? '');
  if (!DEPLOYABLE_TRANSPORTS.includes(transport)) {
    refusals.push(
      `EMAIL_TRANSPORT is "${transport}" in env.${env}: a deployed Worker sends email with ${DEPLOYABLE_TRANSPORTS.join(', ')}` +
        (LOCAL_ONLY[transport] ? ` (${LOCAL_ONLY[transport]}).` : '.'),
    );
  }
  if (String(vars.DEV_MODE) === 'true') refusals.push(`DEV_MODE is "true" in env.${env}: local development only.`);
  return refusals;
}
