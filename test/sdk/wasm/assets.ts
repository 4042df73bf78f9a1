import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

// the package's exports map hides its files from require.resolve: the installed folder itself
const SDK_DIR = path.resolve(__dirname, '../../../node_modules/@openim/wasm-client-sdk');

/**
 * The files a web app serves for the Web SDK. index.es.js finds its worker next to itself
 * (`new URL('worker.js', import.meta.url)`); the core wasm and sql.js wasm are fetched from the paths given to
 * getSDK; wasm_exec.js (Go's runtime glue) must be a classic script loaded before the SDK.
 */
const FILES: Record<string, { file: string; type: string }> = {
  '/index.es.js': { file: 'lib/index.es.js', type: 'text/javascript' },
  '/worker.js': { file: 'lib/worker.js', type: 'text/javascript' },
  '/openIM.wasm': { file: 'assets/openIM.wasm', type: 'application/wasm' },
  '/sql-wasm.wasm': { file: 'assets/sql-wasm.wasm', type: 'application/wasm' },
  '/wasm_exec.js': { file: 'assets/wasm_exec.js', type: 'text/javascript' },
};

/**
 * The test page: loads the SDK, forwards every SDK event to Node (`__imEvent`, exposed by the harness) and keeps
 * the SDK instance on `window.__im` for the harness's calls.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>wasm sdk</title>
<script src="/wasm_exec.js"></script>
<script type="module">
import { getSDK } from '/index.es.js';
const sdk = getSDK({ coreWasmPath: '/openIM.wasm', sqlWasmPath: '/sql-wasm.wasm', debug: false });
// every event the core reports, also those CbEvents does not list (e.g. OnRecvC2CReadReceipt)
const emit = sdk.emit.bind(sdk);
sdk.emit = (name, e) => {
  window.__imEvent(JSON.stringify({ ...e, event: name }));
  return emit(name, e);
};
window.__im = sdk;
window.__imReady = true;
</script></head><body></body></html>`;

export interface AssetServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the SDK files on 127.0.0.1 from memory (the core wasm is 35 MB, read once). */
export async function startAssetServer(): Promise<AssetServer> {
  const cache = new Map<string, Buffer>();
  for (const [route, { file }] of Object.entries(FILES)) cache.set(route, fs.readFileSync(path.join(SDK_DIR, file)));
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname;
    const entry = FILES[route];
    const body = route === '/' ? Buffer.from(PAGE) : entry && cache.get(route);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    // ETag and Last-Modified: the SDK's fetchWithCache asks with HEAD whether its cached wasm is stale
    res.writeHead(200, {
      'content-type': entry?.type ?? 'text/html',
      'content-length': body.length,
      etag: `"${route}-${body.length}"`,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
