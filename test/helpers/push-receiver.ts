import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server standing in for a push service: records every JSON body POSTed to it. */
export class PushReceiver {
  readonly bodies: { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  /** answers per path; default 200 `{}` */
  answer: (path: string, body: Record<string, unknown>) => { status: number; body: unknown } = () => ({
    status: 200,
    body: {},
  });

  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = parseBody(raw, req.headers['content-type']);
      this.bodies.push({ path: req.url ?? '', headers: req.headers, body });
      const a = this.answer(req.url ?? '', body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });

  static async start(port = 0): Promise<PushReceiver> {
    const self = new PushReceiver();
    await new Promise<void>((resolve) => self.server.listen(port, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The bodies posted to a path. */
  at(path: string): Record<string, unknown>[] {
    return this.bodies.filter((b) => b.path === path).map((b) => b.body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { raw };
  }
}

/** Waits for a condition, polling every 50 ms; fails after `timeoutMs`. */
export async function eventually(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
