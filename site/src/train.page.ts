// The training page (/train.html): loads the digits, runs the MNIST example when the user presses
// Train (log lines, progress bar, live loss and accuracy curves), and classifies what the user
// draws with the model as it stands. Settings can come from the URL (?limit=640&epochs=2&...).
// window.torchletTrain holds the run's numbers for scripts and tests, window.torch the package.
import * as torch from 'torchlet';
import { Net } from '../../dist/examples/mnist_parts.js';
import { byId, el, nextTask, showEngine } from './common.js';
import { loadDigits, type Digits } from './digits.js';
import { DrawPad, probabilities, showMnist } from './draw.js';
import { drawSamples } from './samples.js';
import { LinePlot } from './plot.js';
import { DEFAULTS, train, type BatchInfo, type TrainConfig } from './trainer.js';

const FIELDS = Object.keys(DEFAULTS) as (keyof TrainConfig)[];
const INTEGER = new Set<keyof TrainConfig>(['batch_size', 'test_batch_size', 'epochs', 'seed', 'log_interval', 'limit']);

/** What a run recorded: every batch's loss, the log, the test results. */
const record = { state: 'loading', losses: [] as number[], log: [] as string[], test: [] as { epoch: number; loss: number; accuracy: number }[], error: null as string | null,
  /** After each training batch: the kernels' WebAssembly memory and the bytes its live blocks hold (memory stays bounded over an epoch). */
  memory: [] as { wasm: number; live: number }[] };
(window as unknown as { torchletTrain: typeof record }).torchletTrain = record;

let digits: Digits | null = null;
let model: Net = new Net(); // untrained until Train or a weights file
let trained = false;
let stopping = false;

const lossSeries = { batch: { label: 'per batch', color: '#fdba8c', points: [] as [number, number][], width: 1 },
  smooth: { label: 'running mean', color: '#ee4c2c', points: [] as [number, number][], width: 2 },
  test: { label: 'test', color: '#2563eb', points: [] as [number, number][], dots: true } };
const accSeries = { smooth: { label: 'running mean', color: '#16a34a', points: [] as [number, number][], width: 2 },
  test: { label: 'test', color: '#2563eb', points: [] as [number, number][], dots: true } };
const lossPlot = new LinePlot(byId<HTMLCanvasElement>('loss-plot'), Object.values(lossSeries), { xmax: 1, ymin: 0, yfmt: (v) => String(+v.toFixed(2)), xlabel: 'epoch' });
const accPlot = new LinePlot(byId<HTMLCanvasElement>('acc-plot'), Object.values(accSeries), { xmax: 1, ymin: 0, ymax: 100, yfmt: (v) => v.toFixed(0), xlabel: 'epoch' });

function setState(s: string): void { record.state = s; document.body.dataset.state = s; }

function showError(e: unknown): void {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  record.error = msg;
  const box = byId('error');
  box.textContent = msg;
  box.hidden = false;
}

/** The form's settings, the URL's query overriding the defaults on first load. */
function readConfig(): TrainConfig | null {
  const cfg = { ...DEFAULTS };
  for (const k of FIELDS) {
    const input = byId<HTMLInputElement>(k);
    const v = Number(input.value);
    const ok = input.value.trim() !== '' && Number.isFinite(v) && (!INTEGER.has(k) || Number.isInteger(v)) && (k === 'seed' || v > 0);
    input.classList.toggle('invalid', !ok);
    if (!ok) return null;
    cfg[k] = v;
  }
  if (digits && cfg.limit >= digits.train.length) cfg.limit = 0;
  return cfg;
}
function applyQuery(): void {
  const q = new URLSearchParams(location.search);
  for (const k of FIELDS) if (q.has(k)) byId<HTMLInputElement>(k).value = q.get(k)!;
}

function log(line: string): void {
  record.log.push(line);
  const pre = byId('log');
  pre.textContent += `${line}\n`;
  pre.scrollTop = pre.scrollHeight;
}

function progress(fraction: number, text: string): void {
  byId('progress-fill').style.width = `${(100 * Math.min(1, fraction)).toFixed(1)}%`;
  byId('progress-text').textContent = text;
}

const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

function onBatch(cfg: TrainConfig, b: BatchInfo, run: { loss: number; acc: number }): void {
  record.losses.push(b.loss);
  record.memory.push({ wasm: torch.backends.wasm.memory_bytes, live: torch.backends.wasm.live_bytes });
  const x = b.epoch - 1 + b.batch / b.batches; // where the example's --plot puts a batch
  // running averages over about the last 20 batches (the first batch alone at first), so the trend shows through the noise
  const k = 1 / Math.min(20, record.losses.length);
  run.loss += k * (b.loss - run.loss);
  const acc = (100 * b.correct) / b.size;
  run.acc += k * (acc - run.acc);
  lossSeries.batch.points.push([x, b.loss]);
  lossSeries.smooth.points.push([x, run.loss]);
  accSeries.smooth.points.push([x, run.acc]);
  lossPlot.draw(); accPlot.draw();
  const done = (b.epoch - 1) * b.batches + b.batch + 1, total = cfg.epochs * b.batches;
  const rate = b.samples / b.seconds;
  progress(done / total, `Epoch ${b.epoch}/${cfg.epochs} · batch ${b.batch + 1}/${b.batches} · ${rate.toFixed(0)} digits/s · ${clock(b.seconds)} elapsed, about ${clock(((total - done) * b.size) / rate)} to go`);
  if (b.batch % 5 === 0) reclassify();
}

async function run(): Promise<void> {
  const cfg = readConfig();
  if (!cfg || !digits) return;
  byId<HTMLButtonElement>('train').disabled = true;
  byId<HTMLButtonElement>('stop').disabled = false;
  byId<HTMLButtonElement>('save').disabled = true;
  byId('error').hidden = true;
  byId('log').textContent = '';
  Object.assign(record, { losses: [], log: [], test: [], error: null, memory: [] });
  for (const s of [...Object.values(lossSeries), ...Object.values(accSeries)]) s.points.length = 0;
  lossPlot.opts.xmax = accPlot.opts.xmax = cfg.epochs;
  stopping = false;
  setState('running');
  const running = { loss: 0, acc: 0 };
  progress(0, 'Starting…');
  try {
    await nextTask(); // paint the running state before the first batch takes the thread
    await train(cfg, digits, {
      model: (m) => { model = m; trained = true; setNote('The model is training: it classifies your drawing as it learns.'); },
      log,
      batch: (b) => onBatch(cfg, b, running),
      testProgress: (done, total) => progress(1, `Testing on ${digits!.test.length} digits: batch ${done}/${total}`),
      test: (epoch, loss, accuracy) => {
        record.test.push({ epoch, loss, accuracy });
        lossSeries.test.points.push([epoch, loss]);
        accSeries.test.points.push([epoch, 100 * accuracy]);
        lossPlot.draw(); accPlot.draw();
        drawSamples(byId('samples'), digits!.test, model);
      },
      stop: () => stopping,
    });
    setState(stopping ? 'stopped' : 'done');
    const last = record.test[record.test.length - 1];
    progress(1, stopping ? 'Stopped.' : `Done: ${(100 * last.accuracy).toFixed(1)}% of the test digits right.`);
    setNote(stopping ? 'Training stopped; the model is as far as it got.' : `Trained: ${(100 * last.accuracy).toFixed(1)}% right on the 2,000 test digits.`);
  } catch (e) {
    setState('error');
    showError(e);
  } finally {
    byId<HTMLButtonElement>('train').disabled = false;
    byId<HTMLButtonElement>('stop').disabled = true;
    byId<HTMLButtonElement>('save').disabled = false;
    reclassify();
  }
}

// ---- the drawing pad

function setNote(text: string): void { byId('model-note').textContent = text; }

const pad = new DrawPad(byId<HTMLCanvasElement>('pad'), () => reclassify());
const bars = Array.from({ length: 10 }, (_, c) => {
  const row = el('div', 'class-row');
  const fill = el('div', 'class-fill');
  const track = el('div', 'class-track');
  track.append(fill);
  const val = el('span', 'class-val', '');
  row.append(el('span', 'class-digit', String(c)), track, val);
  byId('classes').append(row);
  return { row, fill, val };
});

function reclassify(): void {
  const img = pad.toMnist();
  showMnist(byId<HTMLCanvasElement>('seen'), img);
  if (pad.empty) {
    byId('guess').textContent = '?';
    byId('guess-p').textContent = 'draw to classify';
    for (const b of bars) { b.fill.style.width = '0'; b.val.textContent = ''; b.row.classList.remove('best'); }
    return;
  }
  const [p] = probabilities(model, img, 1);
  const best = p.indexOf(Math.max(...p));
  byId('guess').textContent = String(best);
  byId('guess-p').textContent = `${(100 * p[best]).toFixed(1)}% sure${trained ? '' : ' (untrained model)'}`;
  bars.forEach((b, c) => {
    b.fill.style.width = `${(100 * p[c]).toFixed(1)}%`;
    b.val.textContent = `${(100 * p[c]).toFixed(0)}%`;
    b.row.classList.toggle('best', c === best);
  });
}

/** Weights from a .safetensors file (the example's --save-model writes one) or a PyTorch .pt state_dict. */
async function loadWeights(file: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let state: Map<string, torch.Tensor>;
    // a .pt from torch.save(model.state_dict(), ...) in PyTorch, or safetensors
    if (/\.(pt|pth)$/i.test(file.name)) state = torch.load(bytes) as unknown as typeof state;
    else state = torch.safetensors.deserialize(bytes, file.name);
    const m = new Net();
    m.load_state_dict(state);
    model = m;
    trained = true;
    byId<HTMLButtonElement>('save').disabled = false;
    byId('error').hidden = true;
    setNote(`Weights loaded from ${file.name}.`);
    reclassify();
    if (digits) drawSamples(byId('samples'), digits.test, model);
  } catch (e) {
    showError(e);
  }
}

function saveWeights(): void {
  const bytes = torch.safetensors.serialize(model.state_dict());
  const a = el('a', '', '', { download: 'mnist_cnn.safetensors', href: URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>])) });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ---- start

// ?threads=N: torch.set_num_threads(N) (the browser test compares 1 thread with the default)
const threadsParam = Number(new URLSearchParams(location.search).get('threads'));
if (Number.isInteger(threadsParam) && threadsParam >= 1) torch.set_num_threads(threadsParam);
// torch in the console, for the curious (and for scripts driving the page)
(window as unknown as { torch: typeof torch }).torch = torch;
showEngine(byId('engine'));
applyQuery();
byId('train').addEventListener('click', () => void run());
byId('stop').addEventListener('click', () => { stopping = true; byId<HTMLButtonElement>('stop').disabled = true; });
byId('clear').addEventListener('click', () => { pad.clear(); reclassify(); });
byId('save').addEventListener('click', saveWeights);
byId<HTMLInputElement>('weights-file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void loadWeights(f);
});
const card = byId('draw-card');
card.addEventListener('dragover', (e) => { e.preventDefault(); card.classList.add('drop'); });
card.addEventListener('dragleave', () => card.classList.remove('drop'));
card.addEventListener('drop', (e) => {
  e.preventDefault();
  card.classList.remove('drop');
  const f = e.dataTransfer?.files[0];
  if (f) void loadWeights(f);
});
reclassify();
lossPlot.draw(); accPlot.draw();
setState('loading');
document.body.dataset.ready = 'true';
loadDigits().then((d) => {
  digits = d;
  drawSamples(byId('samples'), d.test, null);
  byId<HTMLInputElement>('limit').max = String(d.train.length);
  byId<HTMLButtonElement>('train').disabled = false;
  progress(0, `Ready: ${d.train.length.toLocaleString('en')} training and ${d.test.length.toLocaleString('en')} test digits loaded. Press Train.`);
  setState('ready');
}, (e) => { setState('error'); showError(e); progress(0, 'The digits could not be loaded.'); });
