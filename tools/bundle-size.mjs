// The browser bundle's size: `import * as torch from 'torchlet'` (everything kept) through esbuild
// with --bundle --minify --format=esm --platform=browser (so the package's "browser" entry), raw and
// gzip -9; then the WebAssembly kernel modules, which are not in the bundle but fetched once at
// run time, only the build the engine runs (relaxed SIMD or plain SIMD). Run after `npm run build`.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  stdin: { contents: "import * as torch from 'torchlet'; export { torch };", resolveDir: root, loader: 'js' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
});
const gz = (b) => gzipSync(b, { level: 9 }).length;
const size = (n) => `${n} bytes (${(n / 1024).toFixed(1)} KiB)`;
const bytes = result.outputFiles[0].contents;
console.log(`torchlet browser bundle (JS): ${size(bytes.length)} minified, ${size(gz(bytes))} gzip -9`);
const dir = join(root, 'dist/kernels/wasm');
const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort();
let plain = 0, relaxed = 0;
for (const f of files) {
  const b = readFileSync(join(dir, f));
  console.log(`  wasm ${f.padEnd(22)} ${size(b.length)}, ${size(gz(b))} gzip -9`);
  if (f.endsWith('.relaxed.wasm')) relaxed += gz(b); else plain += gz(b);
}
console.log(`WebAssembly fetched by a page (gzip -9): ${size(relaxed)} with relaxed SIMD, ${size(plain)} without`);
