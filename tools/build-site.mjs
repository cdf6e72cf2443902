// Builds the static site (site/ -> site-dist/): bundles each page's script with esbuild against the
// package's browser entry (dist/browser/index.js, so run `npm run build` first), copies the HTML
// and CSS, the kernel modules (dist/kernels/wasm/*.wasm) to site-dist/assets/wasm/, beside the
// bundled script that fetches them (esbuild does not copy `new URL(..., import.meta.url)` assets),
// and the embedded MNIST digits to site-dist/data/ for the training page to fetch.
// `npm run site` runs it after the package build; `node tools/build-site.mjs --out DIR` writes elsewhere.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'site-dist');
const site = join(root, 'site');
const entry = join(root, 'dist/browser/index.js');
const browserExports = Object.fromEntries(Object.entries(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports)
  .filter(([, v]) => v && v.browser).map(([k, v]) => [k, v.browser]));
if (!existsSync(entry)) {
  console.error('build-site: dist/index.js is missing; run `npm run build` first (or `npm run site`, which does both)');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'data'), { recursive: true });

const pages = readdirSync(join(site, 'src')).filter((f) => f.endsWith('.page.ts')).map((f) => join(site, 'src', f));
const result = await build({
  entryPoints: pages,
  outdir: join(out, 'assets'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true, // the pages share one chunk holding torchlet
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  // what 'torchlet' and 'torchlet/nn', ... resolve to for a bundler targeting browsers: the package's
  // "browser" exports (the site sits inside the package, so they are mapped here by hand)
  plugins: [{
    name: 'torchlet-browser-exports',
    setup(b) {
      b.onResolve({ filter: /^torchlet(\/.*)?$/ }, (args) => {
        const target = browserExports[`.${args.path.slice('torchlet'.length)}`];
        return target ? { path: join(root, target) } : { errors: [{ text: `torchlet has no export ${args.path}` }] };
      });
    },
  }],
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
});

for (const f of readdirSync(site)) if (/\.(html|css|svg|png)$/.test(f)) cpSync(join(site, f), join(out, f));
mkdirSync(join(out, 'assets/wasm'), { recursive: true });
const wasm = join(root, 'dist/kernels/wasm');
for (const f of readdirSync(wasm)) if (f.endsWith('.wasm')) cpSync(join(wasm, f), join(out, 'assets/wasm', f));
const digits = join(root, 'src/datasets/embedded');
for (const f of readdirSync(digits)) if (f.endsWith('.gz')) cpSync(join(digits, f), join(out, 'data', f));

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const lines = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'))
  .map(([f]) => `  ${f.slice(f.indexOf('assets/'))}  ${kb(statSync(join(root, f)).size)}`);
console.log(`site built in ${out}:\n${lines.join('\n')}`);
