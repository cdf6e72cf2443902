// The article page's pictures: softmax probabilities as bars per sample, the per-sample losses as
// horizontal bars, the arithmetic that turns them into the output, and the gradient as a heat map.
import { colHead, el, rowHead } from './common.js';
import type { Result, Settings } from './article_model.js';

const f4 = (v: number): string => (Number.isNaN(v) ? 'nan' : v.toFixed(4));

/** Per sample, one bar per class: its softmax probability; the target's bar is highlighted. */
export function drawProbs(host: HTMLElement, s: Settings, r: Result): void {
  host.replaceChildren(...r.logp.map((row, n) => {
    const group = el('figure', 'prob-group');
    const bars = el('div', 'prob-bars');
    row.forEach((lp, c) => {
      const p = Math.exp(lp);
      const isTarget = c === s.targets[n];
      const col = el('div', isTarget ? 'prob-col target' : 'prob-col', '', { title: `class ${c}: p = ${p.toFixed(4)}, log p = ${lp.toFixed(4)}` });
      const bar = el('div', 'prob-bar');
      bar.style.height = `${Math.max(1, p * 100)}%`;
      col.append(el('span', 'prob-val', p >= 0.995 ? '1' : p.toFixed(2).replace(/^0/, '')), bar, el('span', 'prob-cls', String(c)));
      bars.append(col);
    });
    const t = s.targets[n];
    group.append(bars, el('figcaption', '', `sample ${n}: log p[${t}] = ${f4(row[t])}`));
    return group;
  }));
}

/** One horizontal bar per sample, its length the sample's loss; ignored samples say so. */
export function drawLosses(host: HTMLElement, s: Settings, r: Result): void {
  const max = Math.max(1e-9, ...r.losses.filter(Number.isFinite));
  host.replaceChildren(...r.losses.map((l, n) => {
    const ignored = s.targets[n] === s.ignore_index;
    const row = el('div', ignored ? 'loss-row ignored' : 'loss-row');
    const track = el('div', 'loss-track');
    const bar = el('div', 'loss-bar');
    bar.style.width = `${ignored || !Number.isFinite(l) ? 0 : Math.max(0.5, (100 * l) / max)}%`;
    track.append(bar);
    row.append(el('span', 'loss-label', `sample ${n} → class ${s.targets[n]}`), track,
      el('span', 'loss-val', ignored ? 'ignored' : f4(l)));
    return row;
  }));
}

/** The arithmetic of the reduction, spelled out as the article does: (1.7804 + 2.1543 + 3.1195) / 3 = 2.3514. */
export function arithmetic(s: Settings, r: Result): string {
  const kept = s.targets.map((t, n) => ({ t, n })).filter(({ t }) => t !== s.ignore_index);
  if (s.label_smoothing > 0) {
    return `With label_smoothing ε = ${s.label_smoothing}, each sample's loss mixes the target's −log p (weight 1 − ε) with the ` +
      `average −log p over all 5 classes (weight ε)${s.weight ? ', each term weighted by its class weight' : ''}. ` +
      `mean = ${f4(r.mean)}, sum = ${f4(r.sum)}.`;
  }
  if (!kept.length) return 'Every sample is ignored: the sum is 0 and the mean is 0 / 0 = nan, as in PyTorch.';
  const terms = kept.map(({ t, n }) => (s.weight ? `${s.weight[t]}×${f4(-r.logp[n][t])}` : f4(-r.logp[n][t])));
  const sum = `${terms.join(' + ')}`;
  const denom = s.weight ? `(${kept.map(({ t }) => s.weight![t]).join(' + ')})` : String(kept.length);
  const by = s.weight ? 'the weights of the kept targets' : `the ${kept.length} kept samples`;
  return `mean = (${sum}) / ${denom} = ${f4(r.mean)}  (divided by ${by});  sum = ${sum} = ${f4(r.sum)}`;
}

/** The gradient as a heat map: blue below zero, orange above, the strength |g| / max |g|. */
export function drawHeat(table: HTMLTableElement, s: Settings, grad: number[][]): void {
  const max = Math.max(1e-12, ...grad.flat().map(Math.abs).filter(Number.isFinite));
  const head = el('tr');
  head.append(el('th', '', ''), ...grad[0].map((_, c) => colHead(c)));
  table.replaceChildren(head, ...grad.map((row, n) => {
    const tr = el('tr');
    tr.append(rowHead(n));
    row.forEach((g, c) => {
      const a = Math.min(1, Math.abs(g) / max);
      const td = el('td', c === s.targets[n] ? 'target' : '', f4(g), { title: `∂output/∂input[${n}][${c}] = ${g}` });
      td.style.background = g < 0 ? `rgba(37, 99, 235, ${0.08 + 0.82 * a})` : `rgba(234, 88, 12, ${0.08 + 0.82 * a})`;
      td.style.color = a > 0.55 ? '#fff' : '';
      tr.append(td);
    });
    return tr;
  }));
}
