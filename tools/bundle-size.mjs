// The browser bundle's size: `import * as torch from 'torchlet'` (everything kept) through esbuild
// with --bundle --minify --format=esm --platform=browser (so the package's "browser" entry), raw and
// gzip -9 (the budget of issue 14: 120,000 bytes); then what each part a page may add costs on top
// of it ('torchlet/nn', ...; src/namespaces.ts), and the WebAssembly kernel modules, which are not in
// the bundle but fetched once at run time, only the build the engine runs (relaxed SIMD or plain SIMD).
// Run after `npm run build`. test/bundle_size.test.mjs checks the budget with measure() below.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUDGET = 120_000;

/** Minified and gzip -9 bytes of a browser bundle of `contents` (an ES module importing 'torchlet...'). */
export async function measure(contents = "import * as torch from 'torchlet'; export { torch };") {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, text: new TextDecoder().decode(bytes) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = (n) => `${n} bytes (${(n / 1024).toFixed(1)} KiB)`;
  const core = await measure();
  console.log(`torchlet browser bundle (JS): ${size(core.minified)} minified, ${size(core.gzip)} gzip -9 (budget ${BUDGET})`);
  const losses = await measure(`import * as torch from 'torchlet'; import * as F from 'torchlet/nn/functional'; export { torch };
    export const losses = (x, t) => [F.log_softmax(x, 1), F.nll_loss(x, t), F.cross_entropy(x, t)];`);
  console.log(`  + F.log_softmax, F.nll_loss, F.cross_entropy from 'torchlet/nn/functional': +${losses.gzip - core.gzip} bytes gzip -9`);
  const parts = ['nn', 'optim', 'datasets', 'transforms'];
  for (const p of parts) {
    const with1 = await measure(`import * as torch from 'torchlet'; import * as ${p} from 'torchlet/${p}'; export { torch, ${p} };`);
    console.log(`  + 'torchlet/${p}'`.padEnd(26) + `+${with1.gzip - core.gzip} bytes gzip -9`);
  }
  const all = await measure(`import * as torch from 'torchlet'; ${parts.map((p) => `import 'torchlet/${p}';`).join(' ')} export { torch };`);
  console.log(`  with all four parts: ${size(all.gzip)} gzip -9`);
  const dir = join(root, 'dist/kernels/wasm');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort();
  let plain = 0, relaxed = 0;
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  for (const f of files) {
    const b = readFileSync(join(dir, f));
    console.log(`  wasm ${f.padEnd(22)} ${size(b.length)}, ${size(gz(b))} gzip -9`);
    if (f.endsWith('.relaxed.wasm')) relaxed += gz(b); else plain += gz(b);
  }
  console.log(`WebAssembly fetched by a page (gzip -9): ${size(relaxed)} with relaxed SIMD, ${size(plain)} without`);
}
