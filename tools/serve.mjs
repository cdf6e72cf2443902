// A small static file server for the built site (no dependencies): `npm run serve -- --port N`
// serves site-dist/ at http://127.0.0.1:N/ with the COOP/COEP headers that make the pages
// cross-origin isolated (SharedArrayBuffer, hence WebAssembly threads); `--no-isolation` leaves
// them out, to see a plain page. Also imported by the browser tests (startServer).
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.wasm': 'application/wasm', '.gz': 'application/gzip', '.safetensors': 'application/octet-stream',
};

/** Serves `dir`; resolves to the server and its URL once it listens (port 0: any free port). */
export function startServer({ dir = join(root, 'site-dist'), port = 8080, host = '127.0.0.1', isolation = true } = {}) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    if (isolation) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    let path;
    try { path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname); } catch { path = null; }
    if (path !== null && path.endsWith('/')) path += 'index.html';
    const file = path === null ? null : normalize(join(base, path));
    // nothing outside the site folder, only regular files
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, headers).end('method not allowed\n'); return; }
    if (file === null || !(file === base || file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${p}/` });
    });
  });
}

function parseCli(argv) {
  const o = { isolation: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') o.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) o.port = Number(a.slice(7));
    else if (a === '--host') o.host = argv[++i];
    else if (a === '--dir') o.dir = argv[++i];
    else if (a === '--no-isolation') o.isolation = false;
    else if (a === '-h' || a === '--help') {
      console.log('usage: npm run serve -- [--port N] [--host 127.0.0.1] [--dir site-dist] [--no-isolation]');
      process.exit(0);
    } else { console.error(`serve: unknown argument ${a}`); process.exit(2); }
  }
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port < 65536)) { console.error('serve: --port takes a number from 0 to 65535'); process.exit(2); }
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const o = parseCli(process.argv.slice(2));
  const dir = o.dir ?? join(root, 'site-dist');
  if (!existsSync(join(dir, 'index.html'))) { console.error(`serve: ${dir} has no index.html; build the site first: npm run site`); process.exit(1); }
  const { url } = await startServer(o);
  console.log(`serving ${dir} at ${url} (${o.isolation ? 'cross-origin isolated: COOP same-origin, COEP require-corp' : 'no COOP/COEP headers: not cross-origin isolated'}); Ctrl-C stops`);
}
