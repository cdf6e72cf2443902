// The browser bundle's size: `import * as torch from 'torchlet'` (everything kept) through esbuild
// with --bundle --minify --format=esm --platform=browser, raw and gzip -9. Run after `npm run build`.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  stdin: { contents: "import * as torch from 'torchlet'; export { torch };", resolveDir: root, loader: 'js' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
});
const bytes = result.outputFiles[0].contents;
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`torchlet browser bundle: ${kb(bytes.length)} minified, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip -9`);
