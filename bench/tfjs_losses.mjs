// TensorFlow.js side of `npm run bench` (bench/losses.mjs), run as a child process per backend:
// median milliseconds of the same four loss jobs on float32 inputs, one JSON object per line.
// TF.js has no index-target cross_entropy / nll_loss: the jobs use a one-hot target built before
// timing (softmaxCrossEntropy; -mean(Σ onehot·lp) for nll), and its logSoftmax only reduces the last
// axis, so K-dimensional inputs are transposed to channels-last inside the timed function.
// A call slower than 10 s runs once (3 s to 10 s: one warm-up and one timed call); predicted calls slower than --skip-over seconds are skipped
// (except cross_entropy forward+backward, which always runs once), with a note.
//
// usage: node bench/tfjs_losses.mjs --backend cpu|wasm [--shapes 4096x1000,...] [--reps 3] [--skip-over 30]
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const backend = opt('--backend', 'cpu');
const shapes = opt('--shapes', '4096x1000,8x21x128x128,1048576x10,2048x32000').split(',');
const reps = Number(opt('--reps', '3'));
const skipOver = Number(opt('--skip-over', '30'));
const ops = opt('--ops', 'cross_entropy_fwd_bwd,cross_entropy_fwd,nll_loss_fwd_bwd,log_softmax_fwd_bwd').split(',');

const origWarn = console.warn, origLog = console.log;
console.warn = () => {};
console.log = () => {}; // TF.js prints a banner about tfjs-node
const tf = await import('@tensorflow/tfjs');
if (backend === 'wasm') {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
}
await tf.setBackend(backend);
await tf.ready();
console.log = origLog; console.warn = origWarn;
const version = `tfjs ${tf.version_core} ${tf.getBackend()}`;

const emit = (o) => process.stdout.write(JSON.stringify({ peer: version, ...o }) + '\n');
const rate = {}; // ms per element of each job's first call, to predict bigger shapes

for (const shape of shapes) {
  const dims = shape.split('x').map(Number);
  const C = dims[1], numel = dims.reduce((a, b) => a * b, 1);
  const lastPerm = dims.length > 2 ? [0, ...dims.slice(2).map((_, i) => i + 2), 1] : null; // NCHW -> NHWC
  const x = tf.randomNormal(dims);
  const tShape = [dims[0], ...dims.slice(2)];
  const t = tf.randomUniformInt(tShape, 0, C, 'int32');
  const oh = tf.oneHot(t, C); // (N, d1.., C)
  const toLast = (z) => (lastPerm ? tf.transpose(z, lastPerm) : z);
  const lp = tf.logSoftmax(toLast(x));
  const jobs = {
    cross_entropy_fwd_bwd: () => tf.tidy(() => tf.grad((z) => tf.losses.softmaxCrossEntropy(oh, toLast(z)))(x).dataSync()),
    cross_entropy_fwd: () => tf.tidy(() => tf.losses.softmaxCrossEntropy(oh, toLast(x)).dataSync()),
    nll_loss_fwd_bwd: () => tf.tidy(() => tf.grad((z) => tf.neg(tf.mean(tf.sum(tf.mul(oh, z), -1))))(lp).dataSync()),
    log_softmax_fwd_bwd: () => tf.tidy(() => tf.grad((z) => tf.sum(tf.logSoftmax(toLast(z))))(x).dataSync()),
  };
  for (const op of ops) {
    const predicted = rate[op] ? rate[op] * numel / 1000 : 0;
    if (predicted > skipOver && op !== 'cross_entropy_fwd_bwd') {
      emit({ op, shape, ms: null, note: `skipped: about ${Math.round(predicted)} s per call predicted` });
      continue;
    }
    const t0 = performance.now(); jobs[op](); const first = performance.now() - t0;
    if (!rate[op] || numel > 1e6) rate[op] = first / numel;
    if (first > 10000) { emit({ op, shape, ms: Math.round(first), runs: 1, note: 'one call (over 10 s per call)' }); continue; }
    if (reps === 0) { emit({ op, shape, ms: Math.round(first), runs: 1, note: 'one call, warm-up included (--quick)' }); continue; }
    const ts = [];
    const n = first > 3000 ? 1 : reps; // the first call warmed up; slow jobs get one timed call
    for (let i = 0; i < n; i++) { const s = performance.now(); jobs[op](); ts.push(performance.now() - s); }
    ts.sort((a, b) => a - b);
    emit({ op, shape, ms: +ts[ts.length >> 1].toFixed(3), runs: n });
  }
  tf.dispose([x, t, oh, lp]);
}
