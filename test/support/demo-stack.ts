/**
 * What the end-to-end tests run against, started as `npm start` starts it but on test ports:
 * a real local Worker, the demo partner pages embedding it, and Chromium.
 */
import type { Browser } from 'puppeteer-core';
import { launchChromium } from './browser.ts';
import { startDemoServer } from './demo-server.ts';
import { startLocalWorker, type LocalWorker } from './local-worker.ts';

export interface DemoStack {
  worker: LocalWorker;
  demo: Awaited<ReturnType<typeof startDemoServer>>;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startDemoStack(ports: { demo: number; worker: number; moreOrigins?: string[] }): Promise<DemoStack> {
  const worker = await startLocalWorker({
    port: ports.worker,
    origins: [`http://localhost:${ports.demo}`, ...(ports.moreOrigins ?? [])],
  });
  const demo = await startDemoServer({ port: ports.demo, api: worker.url });
  const browser = await launchChromium();
  return {
    worker,
    demo,
    browser,
    async stop() {
      await browser.close();
      await demo.server.close();
      await worker.stop();
    },
  };
}
