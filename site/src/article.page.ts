// The article page (/): the editable worked example. Holds the settings, builds the input grid and
// the option controls, and after every edit recomputes everything with torchlet and redraws.
import { byId, colHead, el, printed, rowHead, showEngine } from './common.js';
import { ARTICLE_LOGITS, ARTICLE_TARGETS, code, compute, randnLogits, type Reduction, type Settings } from './article_model.js';
import { arithmetic, drawHeat, drawLosses, drawProbs } from './article_view.js';

const C = 5;
const state: Settings = {
  logits: ARTICLE_LOGITS.map((r) => r.slice()),
  targets: ARTICLE_TARGETS.slice(),
  reduction: 'mean', ignore_index: -100, label_smoothing: 0, weight: null,
};
const weights = Array<number>(C).fill(1);

const NOTES = {
  article: 'The article\'s printed log_softmax tensor, used as the input: its log_softmax is itself (to 4 decimals), so the loss is the article\'s 2.3514.',
  randn: (seed: number) => `torch.manual_seed(${seed}); input = torch.randn(3, 5): the same numbers PyTorch draws for this seed.`,
  edited: 'Edited by you.',
};

/** A number typed into a field, or null (and the field marked) when it is not one. */
function readNumber(input: HTMLInputElement, integer = false): number | null {
  const v = input.value.trim() === '' ? NaN : Number(input.value);
  const ok = Number.isFinite(v) && (!integer || Number.isInteger(v));
  input.classList.toggle('invalid', !ok);
  input.setAttribute('aria-invalid', String(!ok));
  return ok ? v : null;
}

function buildGrid(): void {
  const table = byId<HTMLTableElement>('logits');
  const head = el('tr');
  head.append(el('th', '', ''), ...Array.from({ length: C }, (_, c) => colHead(c)), el('th', 'tcol', 'target'));
  const rows = state.logits.map((row, n) => {
    const tr = el('tr');
    tr.append(rowHead(n));
    row.forEach((v, c) => {
      const td = el('td');
      const input = el('input', 'cell', '', { type: 'text', inputmode: 'decimal', 'aria-label': `input[${n}][${c}]`, 'data-n': String(n), 'data-c': String(c) });
      input.value = v.toFixed(4);
      input.addEventListener('input', () => {
        const x = readNumber(input);
        if (x === null) return;
        state.logits[n][c] = x;
        byId('input-note').textContent = NOTES.edited;
        update();
      });
      td.append(input);
      tr.append(td);
    });
    const sel = el('select', 'target-select', '', { 'aria-label': `target[${n}]`, 'data-n': String(n) });
    for (let c = 0; c < C; c++) sel.append(el('option', '', String(c), { value: String(c) }));
    sel.value = String(state.targets[n]);
    sel.addEventListener('change', () => { state.targets[n] = Number(sel.value); update(); });
    const td = el('td', 'tcol');
    td.append(sel);
    tr.append(td);
    return tr;
  });
  table.replaceChildren(head, ...rows);
}

function buildWeights(): void {
  const host = byId('weights');
  host.replaceChildren(...weights.map((w, c) => {
    const label = el('label', 'weight');
    const input = el('input', '', '', { type: 'text', inputmode: 'decimal', 'aria-label': `weight[${c}]`, 'data-c': String(c) });
    input.value = String(w);
    input.addEventListener('input', () => {
      const x = readNumber(input);
      if (x === null) return;
      weights[c] = x;
      byId<HTMLInputElement>('use-weight').checked = true;
      update();
    });
    label.append(el('span', '', `class ${c}`), input);
    return label;
  }));
}

function setLogits(logits: number[][], note: string): void {
  state.logits = logits;
  state.targets = ARTICLE_TARGETS.slice();
  byId('input-note').textContent = note;
  buildGrid();
  update();
}

function wireOptions(): void {
  byId('use-article').addEventListener('click', () => setLogits(ARTICLE_LOGITS.map((r) => r.slice()), NOTES.article));
  byId('use-randn').addEventListener('click', () => {
    const seed = readNumber(byId<HTMLInputElement>('seed'), true);
    if (seed !== null) setLogits(randnLogits(seed), NOTES.randn(seed));
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=reduction]'))
    radio.addEventListener('change', () => { state.reduction = radio.value as Reduction; update(); });
  const ignore = byId<HTMLInputElement>('ignore-index');
  ignore.addEventListener('input', () => {
    const v = readNumber(ignore, true);
    if (v !== null) { state.ignore_index = v; update(); }
  });
  const ls = byId<HTMLInputElement>('label-smoothing');
  ls.addEventListener('input', () => { state.label_smoothing = Number(ls.value); update(); });
  byId<HTMLInputElement>('use-weight').addEventListener('change', update);
}

function update(): void {
  state.weight = byId<HTMLInputElement>('use-weight').checked ? weights.slice() : null;
  byId('weights').classList.toggle('off', !state.weight);
  byId('ls-value').textContent = state.label_smoothing.toFixed(2);
  byId('code').textContent = code(state);
  for (const cell of document.querySelectorAll<HTMLInputElement>('#logits input.cell'))
    cell.parentElement!.classList.toggle('target', state.targets[Number(cell.dataset.n)] === Number(cell.dataset.c));
  const error = byId('error');
  let r;
  try {
    r = compute(state);
  } catch (e) {
    // bad settings get PyTorch's own error, shown where the numbers were
    error.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    error.hidden = false;
    document.body.classList.add('has-error');
    return;
  }
  error.hidden = true;
  document.body.classList.remove('has-error');
  byId('target-repr').textContent = `target: ${r.repr.target}`;
  drawProbs(byId('probs'), state, r);
  printed(byId('logp-repr'), 'log softmax:', r.repr.logp);
  drawLosses(byId('losses'), state, r);
  byId('arith').textContent = arithmetic(state, r);
  const big = byId('output-value');
  big.textContent = typeof r.output === 'number' ? r.output.toFixed(4) : `[${r.output.map((v) => v.toFixed(4)).join(', ')}]`;
  big.dataset.value = JSON.stringify(r.output);
  byId('output-both').textContent = `mean ${r.mean.toFixed(4)} · sum ${r.sum.toFixed(4)}`;
  printed(byId('output-repr'), 'output:', r.repr.output);
  byId('backward-call').textContent = state.reduction === 'none' ? 'output.sum().backward()' : 'output.backward()';
  byId('grad-note').textContent = gradNote(state);
  drawHeat(byId<HTMLTableElement>('grad-heat'), state, r.grad);
  printed(byId('grad-repr'), 'input.grad:', r.repr.grad);
}

function gradNote(s: Settings): string {
  const base = 'input.grad[n][c] = softmax(input)[n][c] − (c == target[n])';
  if (s.label_smoothing > 0) return `${base}, with the one-hot target smoothed by ε`;
  const scale = s.reduction === 'mean' ? (s.weight ? ', times the class weight, divided by the total weight' : ', divided by the number of samples')
    : s.weight ? ', times the class weight' : '';
  return `${base}${scale}: the target's cell pulls its logit up (negative), the rest push down.`;
}

showEngine(byId('engine'));
byId('input-note').textContent = NOTES.article;
buildGrid();
buildWeights();
wireOptions();
update();
document.body.dataset.ready = 'true';
