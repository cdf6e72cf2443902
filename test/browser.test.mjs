// The site in a real browser: Playwright (playwright-core) drives the system's Chromium on the
// built site (site-dist/, built by `npm test` through `npm run site`), served on a free loopback
// port by tools/serve.mjs. Checks the article page's numbers against torchlet in Node, its
// reactions to edits, the training page's losses against the Node example's, no console errors;
// screenshots go to test-artifacts/. Without Chromium the tests skip and say how to get it.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'torchlet';
import { datasets, transforms } from 'torchlet/node';
import { Net } from '../dist/examples/mnist_parts.js';

const F = torch.nn.functional;
const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'test-artifacts');
const site = join(root, 'site-dist');

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
  .find((p) => p && existsSync(p));
const NO_BROWSER = 'no Chromium found: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary, then rerun npm test';
if (!chromiumPath) process.stdout.write(`\n*** browser tests skipped: ${NO_BROWSER}\n\n`);
const btest = (name, fn) => test(name, chromiumPath ? {} : { skip: NO_BROWSER }, fn);

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const ARTICLE = [
  [-3.2056, -1.7804, -0.4350, -3.9833, -2.0795],
  [-2.1543, -1.8606, -1.5360, -1.1057, -1.7025],
  [-2.3243, -0.7615, -1.1595, -2.5594, -3.1195]];

let browser, servers = {};

/** The site is rebuilt when it is missing or older than the package build or the site's sources. */
function ensureSite() {
  const newest = (dir) => Math.max(...readdirSync(dir, { recursive: true }).map((f) => statSync(join(dir, f)).mtimeMs));
  const built = existsSync(join(site, 'index.html')) ? statSync(join(site, 'index.html')).mtimeMs : 0;
  if (built < Math.max(newest(join(root, 'site')), statSync(join(root, 'dist/index.js')).mtimeMs))
    execFileSync(process.execPath, [join(root, 'tools/build-site.mjs')], { stdio: 'ignore' });
}

before(async () => {
  if (!chromiumPath) return;
  ensureSite();
  mkdirSync(artifacts, { recursive: true });
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('../tools/serve.mjs');
  // Chromium's sandbox does not start as root (as CI runs)
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  [browser, servers.isolated, servers.plain] = await Promise.all([
    chromium.launch({ executablePath: chromiumPath, args }),
    startServer({ dir: site, port: 0 }),
    startServer({ dir: site, port: 0, isolation: false }),
  ]);
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) s.server.close();
});

/** A page that records console errors and uncaught exceptions (the test asserts there are none). */
async function open(path, { viewport = DESKTOP, server = 'isolated' } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(servers[server].url + path);
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
  return { page, errors, close: () => context.close() };
}

const text = (page, sel) => page.textContent(sel);
/** A full-page screenshot from the top (so the sticky header sits where it belongs). */
async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
/** Picks a reduction as a user does: a click on the segmented control's label. */
const reduction = (page, r) => page.click(`#reduction input[value=${r}] + span`);
/** What the page printed after its label (`output:`), i.e. String(tensor). */
const printedTensor = async (page, id) => (await text(page, `#${id}`)).replace(/^[a-z. ]+:/, '');

/** The article's computation in Node: the strings the page must print for these settings. */
function expected({ logits = ARTICLE, targets = [1, 0, 4], reduction = 'mean', ignore_index = -100, label_smoothing = 0, weight = null } = {}) {
  const input = torch.tensor(logits, { requires_grad: true });
  const target = torch.tensor(targets);
  const logp = F.log_softmax(input, 1);
  const opts = { reduction, ignore_index, ...(weight ? { weight: torch.tensor(weight, { dtype: torch.float32 }) } : {}) };
  const output = label_smoothing > 0
    ? F.cross_entropy(input, target, { ...opts, label_smoothing })
    : F.nll_loss(logp, target, opts);
  (reduction === 'none' ? output.sum() : output).backward();
  return { logp: String(logp), output: String(output), grad: String(input.grad) };
}

async function assertShows(page, settings) {
  const want = expected(settings);
  assert.equal(await printedTensor(page, 'output-repr'), want.output);
  assert.equal(await printedTensor(page, 'logp-repr'), want.logp);
  assert.equal(await printedTensor(page, 'grad-repr'), want.grad);
}

/** Presses Train (the button's handler, without Playwright's wait for the input acknowledgement:
 * the page is busy training then) and returns window.torchletTrain once the run has ended. */
async function trainInPage(page, timeout = 120_000) {
  await page.evaluate(() => document.getElementById('train').click());
  await page.waitForFunction(() => ['done', 'error'].includes(window.torchletTrain.state), null, { timeout });
  const rec = await page.evaluate(() => window.torchletTrain);
  assert.equal(rec.error, null);
  return rec;
}
/** Every batch's loss from the training runs, by page setup, to compare them across setups. */
const trainedLosses = {};

/** The Node example with the same settings, at the page's thread count: its stdout lines and every batch's loss. */
function nodeExample(args, threads) {
  const script = `const m = await import(${JSON.stringify(join(root, 'dist/examples/mnist.js'))});
    const h = await m.main(${JSON.stringify(args)}); console.log(JSON.stringify(h.trainLoss.map((p) => p[1])));`;
  return new Promise((resolve, reject) => execFile(process.execPath, ['--input-type=module', '-e', script],
    { cwd: root, env: { ...process.env, TORCHLET_NUM_THREADS: String(threads) } }, (err, stdout) => {
      if (err) return reject(err);
      const lines = stdout.trimEnd().split('\n');
      resolve({ losses: JSON.parse(lines.pop()), lines });
    }));
}

btest('browser: the article page shows 2.3514 and 7.0542 and follows every edit with torchlet\'s numbers', async () => {
  const { page, errors, close } = await open('');
  try {
    assert.equal(await printedTensor(page, 'output-repr'), 'tensor(2.3514, grad_fn=<NllLossBackward0>)');
    assert.equal(await text(page, '#output-value'), '2.3514');
    assert.match(await text(page, '#output-both'), /sum 7\.0542/);
    assert.match(await text(page, '#arith'), /\(1\.7804 \+ 2\.1543 \+ 3\.1195\) \/ 3 = 2\.3514/);
    await assertShows(page, {});
    await shot(page, 'article-desktop');

    await reduction(page, 'sum');
    assert.equal(await printedTensor(page, 'output-repr'), 'tensor(7.0542, grad_fn=<NllLossBackward0>)');
    await assertShows(page, { reduction: 'sum' });

    await page.selectOption('select[data-n="0"]', '2');
    await assertShows(page, { reduction: 'sum', targets: [2, 0, 4] });

    const logits = ARTICLE.map((r) => r.slice());
    logits[1][3] = 1.5;
    await page.fill('input.cell[data-n="1"][data-c="3"]', '1.5');
    await assertShows(page, { reduction: 'sum', targets: [2, 0, 4], logits });

    await reduction(page, 'none');
    await page.fill('#ignore-index', '0');
    await assertShows(page, { reduction: 'none', targets: [2, 0, 4], logits, ignore_index: 0 });
    assert.equal(await text(page, '#losses .loss-row:nth-child(2) .loss-val'), 'ignored');

    await reduction(page, 'mean');
    await page.locator('#label-smoothing').fill('0.2');
    await assertShows(page, { targets: [2, 0, 4], logits, ignore_index: 0, label_smoothing: 0.2 });
    assert.match(await text(page, '#code'), /F\.cross_entropy\(input, target, ignore_index=0, label_smoothing=0\.2\)/);

    // torch.manual_seed(0); torch.randn(3, 5): PyTorch's numbers for seed 0, and a fresh start
    await page.locator('#label-smoothing').fill('0');
    await page.fill('#ignore-index', '-100');
    await page.click('#use-randn');
    torch.manual_seed(0);
    await assertShows(page, { logits: torch.randn(3, 5).tolist() });
    assert.equal(await page.inputValue('input.cell[data-n="0"][data-c="0"]'), '1.5410'); // PyTorch's randn(3, 5) after manual_seed(0)
    await page.click('#use-article');
    assert.equal(await printedTensor(page, 'output-repr'), 'tensor(2.3514, grad_fn=<NllLossBackward0>)');

    await page.check('#use-weight');
    await page.fill('#weights input[data-c="1"]', '2');
    await assertShows(page, { weight: [1, 2, 1, 1, 1] });
    assert.match(await text(page, '#arith'), /^mean = \(2×1\.7804 \+ 1×2\.1543 \+ 1×3\.1195\) \/ \(2 \+ 1 \+ 1\) = /);
    assert.deepEqual(errors, []);
  } finally { await close(); }
});

btest('browser: the article page on a phone-sized screen and on a page without cross-origin isolation', async () => {
  const phone = await open('', { viewport: PHONE });
  try {
    assert.equal(await text(phone.page, '#output-value'), '2.3514');
    // nothing wider than the screen: no sideways scrolling of the page
    assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways on a phone');
    await shot(phone.page, 'article-phone');
    assert.deepEqual(phone.errors, []);
  } finally { await phone.close(); }
  const plain = await open('', { server: 'plain' });
  try {
    assert.equal(await plain.page.evaluate(() => crossOriginIsolated), false);
    assert.equal(await printedTensor(plain.page, 'output-repr'), 'tensor(2.3514, grad_fn=<NllLossBackward0>)');
    await reduction(plain.page, 'sum');
    assert.equal(await printedTensor(plain.page, 'output-repr'), 'tensor(7.0542, grad_fn=<NllLossBackward0>)');
    assert.match(await text(plain.page, '#engine'), /not cross-origin isolated/);
    assert.deepEqual(plain.errors, []);
  } finally { await plain.close(); }
});

btest('browser: training in the page gives the Node example\'s losses, and the drawing pad classifies', async () => {
  const { page, errors, close } = await open('train.html?limit=128&log_interval=1');
  try {
    await page.waitForFunction(() => window.torchletTrain.state === 'ready', null, { timeout: 30_000 });
    const threads = Number((await text(page, '#engine')).match(/(\d+) threads?/)[1]);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(threads, cores); // an isolated page uses every core, as Node does
    const node = nodeExample(['--epochs', '1', '--limit', '128', '--log-interval', '1'], threads);
    const rec = await trainInPage(page);
    if (cores > 1) {
      // the workers are up and take part: more than one thread ran the kernels
      assert.ok(page.workers().length >= 1, 'no Web Worker started');
      assert.ok(await page.evaluate(() => window.torch.backends.wasm.running_threads) > 1);
    }
    trainedLosses.isolated = rec.losses;
    const want = await node;
    // bit for bit: the same seed, data order, kernels and thread count
    assert.deepEqual(rec.losses, want.losses);
    assert.deepEqual(rec.log.join('\n').split('\n'), want.lines);
    assert.match(rec.log[0], /^Train Epoch: 1 \[0\/128 \(0%\)\]\tLoss: \d\.\d{6}$/);

    const pad = page.locator('#pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    assert.match(await text(page, '#guess'), /^\d$/);
    assert.match(await text(page, '#guess-p'), /% sure$/);
    await shot(page, 'train-desktop');

    // weights saved by torchlet in Node (safetensors), dropped into the page: the page's answers on
    // the first test digits are Node's answers with the same weights on the same digits
    torch.manual_seed(7);
    const net = new Net();
    await page.setInputFiles('#weights-file', { name: 'net.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(torch.safetensors.serialize(net.state_dict())) });
    await page.waitForFunction(() => /net\.safetensors/.test(document.getElementById('model-note').textContent));
    const shown = await page.$$eval('#samples figcaption', (els) => els.map((e) => Number(e.textContent)));
    const testSet = new datasets.EmbeddedMNIST({ train: false, transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]) });
    const first = torch.stack(Array.from({ length: shown.length }, (_, i) => testSet.__getitem__(i)[0]));
    net.eval();
    assert.deepEqual(shown, torch.no_grad(() => net.forward(first).argmax(1).tolist()));
    // and a .pt file (PyTorch's torch.save format, read by torch.load in the page)
    torch.manual_seed(8);
    const net2 = new Net();
    net2.eval();
    await page.setInputFiles('#weights-file', { name: 'net.pt', mimeType: 'application/octet-stream', buffer: Buffer.from(torch.save(net2.state_dict())) });
    await page.waitForFunction(() => /net\.pt/.test(document.getElementById('model-note').textContent));
    const shown2 = await page.$$eval('#samples figcaption', (els) => els.map((e) => Number(e.textContent)));
    assert.deepEqual(shown2, torch.no_grad(() => net2.forward(first).argmax(1).tolist()));
    assert.deepEqual(errors, []);
  } finally { await close(); }

  const phone = await open('train.html', { viewport: PHONE });
  try {
    await phone.page.waitForFunction(() => window.torchletTrain.state === 'ready', null, { timeout: 30_000 });
    assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways on a phone');
    await shot(phone.page, 'train-phone');
    assert.deepEqual(phone.errors, []);
  } finally { await phone.close(); }
});

test('serve: COOP/COEP headers (none with isolation off), content types, nothing outside the site folder', async () => {
  const { startServer } = await import('../tools/serve.mjs');
  const dir = join(root, 'site');
  const [iso, plain] = await Promise.all([startServer({ dir, port: 0 }), startServer({ dir, port: 0, isolation: false })]);
  try {
    const page = await fetch(`${iso.url}index.html`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal((await fetch(iso.url)).status, 200); // / is index.html
    const bare = await fetch(`${plain.url}style.css`);
    assert.equal(bare.headers.get('cross-origin-opener-policy'), null);
    assert.equal(bare.headers.get('cross-origin-embedder-policy'), null);
    assert.equal(bare.headers.get('content-type'), 'text/css; charset=utf-8');
    // raw request paths: fetch() would resolve the dots before sending
    const status = (path) => new Promise((ok, fail) => get({ host: '127.0.0.1', port: iso.server.address().port, path }, (res) => { res.resume(); ok(res.statusCode); }).on('error', fail));
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/src', '/nope.html'])
      assert.equal(await status(path), 404, path);
    assert.equal(await status('/src/../index.html'), 200);
  } finally { iso.server.close(); plain.server.close(); }
});

btest('browser: one thread, and a page without cross-origin isolation (WebAssembly SIMD, not TypeScript), train to the same losses', async () => {
  // Node's 1-thread run, started now, beside the pages (it gives the same losses as its 2-thread run)
  const node = nodeExample(['--epochs', '1', '--limit', '128', '--log-interval', '1'], 1);
  for (const [server, query] of [['isolated', '&threads=1'], ['plain', '']]) {
    const { page, errors, close } = await open(`train.html?limit=128&log_interval=1${query}`, { server });
    try {
      await page.waitForFunction(() => window.torchletTrain.state === 'ready', null, { timeout: 30_000 });
      const engine = await page.evaluate(() => ({ simd: torch.backends.wasm.simd, shared: torch.backends.wasm.threads, threads: torch.get_num_threads(), isolated: crossOriginIsolated }));
      assert.deepEqual(engine, { simd: true, shared: server === 'isolated', threads: 1, isolated: server === 'isolated' });
      assert.match(await text(page, '#engine'), /^1 thread\s*kernels: WebAssembly SIMD/);
      const rec = await trainInPage(page);
      assert.equal(page.workers().length, 0);
      // the same bits as Node, and as the page with more threads
      assert.deepEqual(rec.losses, (await node).losses);
      if (trainedLosses.isolated) assert.deepEqual(rec.losses, trainedLosses.isolated, 'losses depend on the thread count');
      if (server === 'plain') await shot(page, 'train-plain');
      assert.deepEqual(errors, []);
    } finally { await close(); }
  }
});

btest('browser: memory stays bounded over an epoch of training in the page', async () => {
  const { page, errors, close } = await open('train.html?limit=1920&log_interval=10');
  try {
    await page.waitForFunction(() => window.torchletTrain.state === 'ready', null, { timeout: 30_000 });
    const rec = await trainInPage(page, 240_000);
    const m = rec.memory;
    assert.equal(m.length, 30);
    const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    process.stdout.write(`# wasm memory over 30 batches: ${m.filter((_, i) => i % 5 === 0 || i === 29).map((x) => mb(x.wasm)).join(', ')}; live blocks at the end ${mb(m[29].live)}\n`);
    // A training step allocates some 60 MiB of storage, so if nothing were freed the last 15
    // batches would add about 900 MiB. Freed storage is reused instead: the memory levels off once
    // the garbage collector's rhythm is set (here between 290 and 780 MiB, from batch 10 to 25:
    // when the browser collects varies from run to run: one run grew 356 MiB over the window while
    // its collector caught up, so the bound sits between that and the 900 MiB of no reuse).
    assert.ok(m[29].wasm - m[14].wasm < 512 * 2 ** 20, `wasm memory grew from ${mb(m[14].wasm)} to ${mb(m[29].wasm)} over 15 batches`);
    assert.ok(m[29].live < 1024 * 2 ** 20, `live blocks: ${mb(m[29].live)}`);
    assert.deepEqual(errors, []);
  } finally { await close(); }
});

btest('browser: MNIST from a File, a Blob and an ArrayBuffer (gzipped and raw) gives the Node loader\'s digits', async () => {
  const { page, errors, close } = await open('train.html');
  try {
    const got = await page.evaluate(async () => {
      const bytes = async (f) => new Uint8Array(await (await fetch(`data/${f}`)).arrayBuffer());
      const [img, lab] = await Promise.all([bytes('mnist-digits-images-idx3-ubyte.gz'), bytes('mnist-digits-labels-idx1-ubyte.gz')]);
      // the labels gunzipped by hand: a raw IDX file
      const rawLab = new Uint8Array(await new Response(new Blob([lab]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
      const ds = await torch.datasets.MNIST.from_bytes(new File([img], 'images.gz'), new Blob([rawLab]));
      const ds2 = await torch.datasets.MNIST.from_bytes(img.buffer, lab);
      const emb = await torch.datasets.EmbeddedMNIST.load({ train: false, root: new URL('data/', document.baseURI) });
      const sum = (a) => a.reduce((s, v) => s + v, 0);
      let error = null;
      try { await torch.datasets.MNIST.from_bytes(new Blob([img.subarray(0, 100)]), lab); } catch (e) { error = `${e.name}: ${e.message}`; }
      return { n: ds.length, n2: ds2.length, pixels: sum(ds.images), labels: ds.targets.tolist().slice(0, 20), same: sum(ds2.images) === sum(ds.images),
        embedded: emb.length, embeddedFirst: emb.targets.tolist().slice(0, 20), error };
    });
    const node = new datasets.EmbeddedMNIST({ train: false });
    const all = datasets.read_idx_file(join(root, 'src/datasets/embedded/mnist-digits-labels-idx1-ubyte.gz'), 1);
    assert.equal(got.n, 10000);
    assert.equal(got.n2, 10000);
    assert.ok(got.same);
    assert.deepEqual(got.labels, [...all.data.subarray(0, 20)]);
    assert.equal(got.embedded, 2000);
    assert.deepEqual(got.embeddedFirst, node.targets.tolist().slice(0, 20));
    assert.match(got.error, /^RuntimeError: images\.gz|^RuntimeError: bytes/);
    assert.deepEqual(errors, []);
  } finally { await close(); }
});

btest('browser: timings of cross_entropy and a training step, in the page and in Node (printed, not asserted)', async () => {
  const { timings } = await import('./support/timings.mjs');
  const rows = [];
  for (const server of ['isolated', 'plain']) {
    const { page, errors, close } = await open('train.html', { server });
    try {
      const t = await page.evaluate(`(${timings})(window.torch)`);
      rows.push([`page (${server === 'isolated' ? 'cross-origin isolated' : 'not isolated'})`, t]);
      assert.deepEqual(errors, []);
    } finally { await close(); }
  }
  rows.push(['Node', await timings(torch)]);
  const line = ([who, t]) => `#   ${who.padEnd(30)} ${String(t.threads).padStart(2)} thread${t.threads === 1 ? ' ' : 's'}  cross_entropy 4096x1000 fwd ${t.ce_forward} ms, fwd+bwd ${t.ce_forward_backward} ms;  MNIST Net training step (batch 64) ${t.train_step} ms`;
  process.stdout.write(`# timings (median ms):\n${rows.map(line).join('\n')}\n`);
});

btest('browser: the minimal page of docs/browser.md, bundled by esbuild from the package\'s own exports, prints Node\'s numbers', async () => {
  const doc = readFileSync(join(root, 'docs/browser.md'), 'utf8');
  const block = (name) => doc.match(new RegExp(`<!-- minimal-page: ${name.replace('.', '\\.')} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``))[1];
  // inside the package folder, so that esbuild resolves 'torchlet' and 'torchlet/nn/functional'
  // through package.json's exports as it does for an installed package
  const dir = join(artifacts, 'minimal-page');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'public'), { recursive: true });
  writeFileSync(join(dir, 'app.js'), block('app.js'));
  writeFileSync(join(dir, 'public/index.html'), block('index.html'));
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(dir, 'app.js')], bundle: true, format: 'esm', minify: true, platform: 'browser', outfile: join(dir, 'public/app.js'), logLevel: 'error' });
  cpSync(join(root, 'dist/kernels/wasm'), join(dir, 'public/wasm'), { recursive: true });
  const { startServer } = await import('../tools/serve.mjs');
  const server = await startServer({ dir: join(dir, 'public'), port: 0 });
  const context = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    const missing = [];
    page.on('response', (r) => { if (r.status() >= 400) missing.push(new URL(r.url()).pathname); });
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: 30_000 });
    const out = await page.textContent('#out');
    torch.manual_seed(0);
    const input = torch.randn(3, 5, { requires_grad: true });
    const output = F.nll_loss(F.log_softmax(input, 1), torch.tensor([1, 0, 4]));
    output.backward();
    assert.equal(String(output), 'tensor(2.7184, grad_fn=<NllLossBackward0>)'); // PyTorch's (README)
    assert.equal(out, `${output}\n${input.grad}\n${await page.evaluate(() => navigator.hardwareConcurrency)} thread(s), SIMD: true`);
    // the browser's own request for /favicon.ico (the page names none) is the one 404 allowed
    assert.deepEqual(missing.filter((p) => p !== '/favicon.ico'), []);
    assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  } finally {
    await context.close();
    server.server.close();
  }
});
