/** The demo partner pages (vite, as `npm start` serves them) on a test port, embedding a given Worker. */
import { createServer, type ViteDevServer } from 'vite';
import { ROOT } from '../../scripts/lib/run.ts';

export async function startDemoServer(options: { port: number; api: string }): Promise<{ url: string; server: ViteDevServer }> {
  process.env.VITE_RHEC_API = options.api;
  const server = await createServer({
    configFile: `${ROOT}vite.config.ts`,
    logLevel: 'error',
    server: { port: options.port, strictPort: true, host: 'localhost' },
  });
  await server.listen();
  return { url: `http://localhost:${options.port}`, server };
}
