/** A tiny host for test pages: each path answers fixed HTML with the headers given (e.g. a CSP). */
import { createServer, type Server } from 'node:http';

export interface TestPage {
  html: string;
  headers?: Record<string, string>;
}

export async function serveTestPages(port: number, pages: Record<string, TestPage>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...page.headers }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // browsers keep connections alive; don't wait for them
      }),
  };
}
