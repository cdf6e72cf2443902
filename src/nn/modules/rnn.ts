// nn.RNN, nn.LSTM, nn.GRU: PyTorch 1.13's RNNBase (torch/nn/modules/rnn.py) with its parameter
// names and order, reset_parameters, shape checks and messages; the layers run through one fused
// op per layer (../rnn/layer_op.ts), with dropout between layers drawn as at::dropout draws it.
import { Module } from '../module.js';
import { Parameter, emptyParameter } from '../parameter.js';
import { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { AssertionError, IndexError, RuntimeError, ValueError, warn } from '../../tensor/errors.js';
import { bind, type Kw } from '../../tensor/args.js';
import { uniform_ } from '../init.js';
import { zeros } from '../../tensor/creation.js';
import { unsqueeze, squeeze, transpose, index_select } from '../../ops/view.js';
import { dropout as dropoutFn } from '../functional/dropout.js';
import { rnnLayer, type DirParams } from '../rnn/layer_op.js';
import { stackParts } from '../rnn/stack.js';
import type { Mode } from '../rnn/kernel.js';
import { PackedSequence } from '../utils/rnn.js';
import { pyFloat } from '../../tensor/python.js';

/** RNNBase's keyword arguments. */
export interface RNNArgs {
  input_size?: number; hidden_size?: number; num_layers?: number; bias?: boolean; batch_first?: boolean;
  dropout?: number; bidirectional?: boolean; proj_size?: number; nonlinearity?: string; device?: unknown; dtype?: DType | string;
}

const BASE_SIG = 'input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False';
const shape = (s: readonly number[]): string => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
const dimsOf = (t: Tensor): number => t.ndim;

export abstract class RNNBase extends Module {
  mode!: Mode;
  input_size!: number;
  hidden_size!: number;
  num_layers!: number;
  bias!: boolean;
  batch_first!: boolean;
  dropout!: number;
  bidirectional!: boolean;
  proj_size!: number;
  _flat_weights_names!: string[];
  _all_weights!: string[][];

  constructor(mode: Mode, kw: Kw) {
    super();
    const num_directions = kw.bidirectional ? 2 : 1;
    const dropout = kw.dropout as number, num_layers = kw.num_layers as number, proj_size = kw.proj_size as number;
    const hidden_size = kw.hidden_size as number;
    Object.assign(this, {
      mode, input_size: kw.input_size, hidden_size, num_layers, bias: kw.bias, batch_first: kw.batch_first,
      dropout: Number(dropout), bidirectional: kw.bidirectional, proj_size,
    });
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1))
      throw new ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    if (dropout > 0 && num_layers === 1)
      warn(`dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${dropout} and num_layers=${num_layers}`);
    if (proj_size < 0) throw new ValueError('proj_size should be a positive integer or zero to disable projections');
    if (proj_size >= hidden_size) throw new ValueError('proj_size has to be smaller than hidden_size');
    const gate_size = (mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1) * hidden_size;
    const dtype = kw.dtype === null || kw.dtype === undefined ? float32 : toDType(kw.dtype);
    this._flat_weights_names = [];
    this._all_weights = [];
    const self = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const real = proj_size > 0 ? proj_size : hidden_size;
        const layer_input_size = layer === 0 ? kw.input_size as number : real * num_directions;
        const suffix = direction === 1 ? '_reverse' : '';
        const names = [`weight_ih_l${layer}${suffix}`, `weight_hh_l${layer}${suffix}`];
        const params = [emptyParameter([gate_size, layer_input_size], dtype), emptyParameter([gate_size, real], dtype)];
        if (kw.bias) {
          names.push(`bias_ih_l${layer}${suffix}`, `bias_hh_l${layer}${suffix}`);
          params.push(emptyParameter([gate_size], dtype), emptyParameter([gate_size], dtype));
        }
        if (proj_size > 0) { names.push(`weight_hr_l${layer}${suffix}`); params.push(emptyParameter([proj_size, hidden_size], dtype)); }
        names.forEach((n, i) => { self[n] = params[i]; });
        this._flat_weights_names.push(...names);
        this._all_weights.push(names);
      }
    }
    this.reset_parameters();
  }

  get _flat_weights(): Parameter[] { return this._flat_weights_names.map((n) => (this as unknown as Record<string, Parameter>)[n]); }
  get all_weights(): Parameter[][] { return this._all_weights.map((ns) => ns.map((n) => (this as unknown as Record<string, Parameter>)[n])); }
  /** A no-op on the CPU, as in PyTorch. */
  flatten_parameters(): void {}

  reset_parameters(...args: []): void {
    bind('RNNBase.reset_parameters(self)', args);
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: number[] | null): void {
    const expected = batch_sizes !== null ? 2 : 3;
    if (input.ndim !== expected) throw new RuntimeError(`input must have ${expected} dimensions, got ${input.ndim}`);
    if (this.input_size !== input.shape[input.ndim - 1])
      throw new RuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.shape[input.ndim - 1]}`);
  }
  get_expected_hidden_size(input: Tensor, batch_sizes: number[] | null): number[] {
    const mini_batch = batch_sizes !== null ? batch_sizes[0] : input.shape[this.batch_first ? 0 : 1];
    return [this.num_layers * (this.bidirectional ? 2 : 1), mini_batch, this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }
  check_hidden_size(hx: Tensor, expected: number[], msg = 'Expected hidden size'): void {
    if (hx.shape.length !== expected.length || hx.shape.some((s, i) => s !== expected[i]))
      throw new RuntimeError(`${msg} ${shape(expected)}, got [${hx.shape.join(', ')}]`);
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    if (this.batch_first !== false) s += `, batch_first=${this.batch_first ? 'True' : 'False'}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${this.bidirectional ? 'True' : 'False'}`;
    return s;
  }

  /**
   * The shared body of forward: unpacks a PackedSequence or handles unbatched / batch_first input,
   * makes zero initial states, checks shapes, runs the layers and puts the results back in the
   * caller's layout. `hx` is [h] for RNN/GRU and [h, c] for LSTM.
   */
  protected _forward(input: Tensor | PackedSequence, hxIn: Tensor[] | null): [Tensor | PackedSequence, Tensor[]] {
    const lstm = this.mode === 'LSTM', D = this.bidirectional ? 2 : 1;
    let x: Tensor, batch_sizes: number[] | null = null, sorted: Tensor | null = null, unsorted: Tensor | null = null;
    let is_batched = true;
    const batch_dim = this.batch_first ? 0 : 1;
    let hx = hxIn;
    if (input instanceof PackedSequence) {
      x = input.data;
      batch_sizes = Array.from(input.batch_sizes.contiguous()._data as ArrayLike<number>, Number);
      sorted = input.sorted_indices; unsorted = input.unsorted_indices;
    } else {
      x = input;
      is_batched = x.ndim === 3;
      if (!is_batched) x = unsqueeze(x, batch_dim);
      if (hx) {
        const want = is_batched ? 3 : 2, what = is_batched ? 'batched 3-D' : 'unbatched 2-D';
        if (hx.some((h) => h.ndim !== want)) {
          throw new RuntimeError(lstm
            ? `For ${what} input, hx and cx should also be ${want}-D but got (${dimsOf(hx[0])}-D, ${dimsOf(hx[1])}-D) tensors`
            : `For ${what} input, hx should also be ${want}-D but got ${dimsOf(hx[0])}-D tensor`);
        }
        if (!is_batched) hx = hx.map((h) => unsqueeze(h, 1));
      }
    }
    const maxBatch = batch_sizes !== null ? batch_sizes[0] : x.shape[this.batch_first ? 0 : 1];
    if (!hx) {
      const real = this.proj_size > 0 ? this.proj_size : this.hidden_size;
      hx = [zeros(this.num_layers * D, maxBatch, real, { dtype: x.dtype })];
      if (lstm) hx.push(zeros(this.num_layers * D, maxBatch, this.hidden_size, { dtype: x.dtype }));
    } else if (sorted) hx = hx.map((h) => index_select(h, 1, sorted!));
    this.check_input(x, batch_sizes);
    const expH = this.get_expected_hidden_size(x, batch_sizes);
    if (lstm) {
      this.check_hidden_size(hx[0], expH, 'Expected hidden[0] size');
      this.check_hidden_size(hx[1], [expH[0], expH[1], this.hidden_size], 'Expected hidden[1] size');
    } else this.check_hidden_size(hx[0], expH);
    const [out, states] = this._layers(x, batch_sizes, hx);
    let output: Tensor | PackedSequence = out;
    if (input instanceof PackedSequence) output = new PackedSequence(out, input.batch_sizes, sorted, unsorted);
    else if (!is_batched) return [squeeze(out, batch_dim), states.map((h) => squeeze(h, 1))];
    return [output, unsorted ? states.map((h) => index_select(h, 1, unsorted!)) : states];
  }

  /** Runs every layer (dropout between them in training); x is [T, B, I] (batch_first: [B, T, I]) or packed rows. */
  private _layers(x: Tensor, batch_sizes: number[] | null, hx: Tensor[]): [Tensor, Tensor[]] {
    const D = this.bidirectional ? 2 : 1, P = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    let steps = batch_sizes;
    let cur = x;
    if (batch_sizes === null) {
      if (this.batch_first) cur = transpose(x, 0, 1);
      const [T, B] = cur.shape;
      if (T === 0) throw new RuntimeError('Expected sequence length to be larger than 0 in RNN');
      steps = new Array<number>(T).fill(B);
    }
    const outShape = batch_sizes === null ? [cur.shape[0], cur.shape[1], D * P] : [cur.shape[0], D * P];
    const names = { out: 'StackBackward0', hn: 'StackBackward0', cn: 'StackBackward0' };
    const hs: Tensor[] = [], cs: Tensor[] = [];
    const self = this as unknown as Record<string, Parameter>;
    for (let l = 0; l < this.num_layers; l++) {
      const params: DirParams[] = [];
      for (let d = 0; d < D; d++) {
        const ns = this._all_weights[l * D + d];
        const get = (prefix: string): Parameter | null => { const n = ns.find((s) => s.startsWith(prefix)); return n ? self[n] : null; };
        params.push({ wih: get('weight_ih')!, whh: get('weight_hh')!, bih: get('bias_ih'), bhh: get('bias_hh'), whr: get('weight_hr') });
      }
      const r = rnnLayer(this.mode, cur, steps!, hx[0], hx[1] ?? null, l, params, this.hidden_size, outShape, names);
      hs.push(r.hn);
      if (r.cn) cs.push(r.cn);
      cur = r.out;
      if (this.dropout !== 0 && this.training && l < this.num_layers - 1) cur = dropoutFn(cur, this.dropout, true, false);
    }
    if (batch_sizes === null && this.batch_first) cur = transpose(cur, 0, 1);
    const states = [stackParts(hs)];
    if (cs.length) states.push(stackParts(cs));
    return [cur, states];
  }
}

/**
 * The constructor's arguments as PyTorch binds them: RNN, LSTM and GRU take *args / **kwargs and
 * hand them to RNNBase.__init__(mode, ...) (whose name its TypeErrors carry); RNN first pops
 * `nonlinearity`, RNN and GRU refuse a `proj_size` keyword.
 */
function rnnKw(mode: string, args: unknown[]): Kw {
  const pos = [...args];
  let opts: Kw | null = null;
  const last = pos[pos.length - 1];
  if (last && typeof last === 'object' && !(last instanceof Tensor) && !Array.isArray(last)) opts = { ...(pos.pop() as Kw) };
  if (mode !== 'LSTM' && opts && 'proj_size' in opts) throw new ValueError('proj_size argument is only supported for LSTM, not RNN or GRU');
  let nonlinearity: unknown = 'tanh';
  if (mode === 'RNN' && opts && 'nonlinearity' in opts) { nonlinearity = opts.nonlinearity; delete opts.nonlinearity; }
  if (mode === 'RNN') {
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError(`Unknown nonlinearity '${nonlinearity}'`);
    mode = nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU';
  }
  const kw = bind(`RNNBase.__init__(self, mode, ${BASE_SIG}, proj_size=0, device=None, dtype=None)`, [mode, ...pos, ...(opts ? [opts] : [])]);
  kw.nonlinearity = nonlinearity;
  return kw;
}

// Called as a function, a layer takes a tensor or a PackedSequence and answers in kind (forward's
// overloads; Module's own call signature would see only the last one).
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging */
export interface RNN {
  (input: PackedSequence, hx?: Tensor | null | Kw, kw?: Kw): [PackedSequence, Tensor];
  (input: Tensor, hx?: Tensor | null | Kw, kw?: Kw): [Tensor, Tensor];
}
export interface GRU {
  (input: PackedSequence, hx?: Tensor | null | Kw, kw?: Kw): [PackedSequence, Tensor];
  (input: Tensor, hx?: Tensor | null | Kw, kw?: Kw): [Tensor, Tensor];
}
export interface LSTM {
  (input: PackedSequence, hx?: [Tensor, Tensor] | null | Kw, kw?: Kw): [PackedSequence, [Tensor, Tensor]];
  (input: Tensor, hx?: [Tensor, Tensor] | null | Kw, kw?: Kw): [Tensor, [Tensor, Tensor]];
}
/* eslint-enable @typescript-eslint/no-unsafe-declaration-merging */

export class RNN extends RNNBase {
  nonlinearity!: string;
  constructor(input_size: number, hidden_size: number, num_layers?: number | RNNArgs, ...rest: unknown[]);
  constructor(opts: RNNArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = rnnKw('RNN', args);
    super(kw.mode as Mode, kw);
    this.nonlinearity = kw.nonlinearity as string;
  }
  forward(input: PackedSequence, hx?: Tensor | null | Kw, kw?: Kw): [PackedSequence, Tensor];
  forward(input: Tensor, hx?: Tensor | null | Kw, kw?: Kw): [Tensor, Tensor];
  forward(...args: unknown[]): [Tensor | PackedSequence, Tensor] {
    const a = bind('RNN.forward(self, input, hx=None)', args);
    const [o, h] = this._forward(a.input as Tensor | PackedSequence, a.hx ? [a.hx as Tensor] : null);
    return [o, h[0]];
  }
}

export class GRU extends RNNBase {
  constructor(input_size: number, hidden_size: number, num_layers?: number | RNNArgs, ...rest: unknown[]);
  constructor(opts: RNNArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('GRU', rnnKw('GRU', args)); }
  forward(input: PackedSequence, hx?: Tensor | null | Kw, kw?: Kw): [PackedSequence, Tensor];
  forward(input: Tensor, hx?: Tensor | null | Kw, kw?: Kw): [Tensor, Tensor];
  forward(...args: unknown[]): [Tensor | PackedSequence, Tensor] {
    const a = bind('GRU.forward(self, input, hx=None)', args);
    const [o, h] = this._forward(a.input as Tensor | PackedSequence, a.hx ? [a.hx as Tensor] : null);
    return [o, h[0]];
  }
}

export class LSTM extends RNNBase {
  constructor(input_size: number, hidden_size: number, num_layers?: number | RNNArgs, ...rest: unknown[]);
  constructor(opts: RNNArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super('LSTM', rnnKw('LSTM', args)); }
  forward(input: PackedSequence, hx?: [Tensor, Tensor] | null | Kw, kw?: Kw): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor, hx?: [Tensor, Tensor] | null | Kw, kw?: Kw): [Tensor, [Tensor, Tensor]];
  forward(...args: unknown[]): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const a = bind('LSTM.forward(self, input, hx=None)', args);
    const hx = a.hx as [Tensor, Tensor] | Tensor | null;
    // a tensor in place of the pair is indexed as Python indexes it (hx[0], hx[1])
    const pair = hx instanceof Tensor ? [hx.get(0), hx.get(1)] : hx ? [hx[0], hx[1]] : null;
    const [o, h] = this._forward(a.input as Tensor | PackedSequence, pair);
    return [o, [h[0], h[1]]];
  }
}

// ---- cells: one step, through the same fused op with a single step ----

/** RNNCellBase's keyword arguments. */
export interface RNNCellArgs { input_size?: number; hidden_size?: number; bias?: boolean; nonlinearity?: string; device?: unknown; dtype?: DType | string }

export abstract class RNNCellBase extends Module {
  input_size!: number;
  hidden_size!: number;
  bias!: boolean;
  weight_ih!: Parameter;
  weight_hh!: Parameter;
  bias_ih!: Parameter | null;
  bias_hh!: Parameter | null;
  constructor(kw: Kw, num_chunks: number) {
    super();
    const input_size = kw.input_size as number, hidden_size = kw.hidden_size as number;
    const dtype = kw.dtype === null || kw.dtype === undefined ? float32 : toDType(kw.dtype);
    Object.assign(this, { input_size, hidden_size, bias: kw.bias });
    this.weight_ih = emptyParameter([num_chunks * hidden_size, input_size], dtype);
    this.weight_hh = emptyParameter([num_chunks * hidden_size, hidden_size], dtype);
    this.bias_ih = kw.bias ? emptyParameter([num_chunks * hidden_size], dtype) : null;
    this.bias_hh = kw.bias ? emptyParameter([num_chunks * hidden_size], dtype) : null;
    this.reset_parameters();
  }
  reset_parameters(...args: []): void {
    bind('RNNCellBase.reset_parameters(self)', args);
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }
  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    const nl = (this as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== 'tanh') s += `, nonlinearity=${nl}`;
    return s;
  }
  /**
   * One step of `mode` from input [B, I] or [I] and states [B, H] / [H] (zeros when absent), with
   * ATen's cell checks and the grad_fn names PyTorch's cell composition ends with.
   */
  protected _step(cls: string, mode: Mode, input: Tensor, hx: Tensor[] | null, names: string[]): Tensor[] {
    if (input.ndim !== 1 && input.ndim !== 2)
      throw new AssertionError(`${cls}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`);
    const is_batched = input.ndim === 2;
    const x = is_batched ? input : unsqueeze(input, 0);
    const B = x.shape[0], H = this.hidden_size;
    let states: Tensor[];
    if (!hx) {
      const z = zeros(B, H, { dtype: x.dtype });
      states = mode === 'LSTM' ? [z, z] : [z];
    } else states = is_batched ? hx : hx.map((h) => unsqueeze(h, 0));
    if (x.shape[1] !== this.input_size)
      throw new RuntimeError(`input has inconsistent input_size: got ${x.shape[1]} expected ${this.input_size}`);
    for (const h of states) {
      // ATen numbers both LSTM states hidden0
      if (h.shape[0] !== B) throw new RuntimeError(`Input batch size ${B} doesn't match hidden0 batch size ${h.shape[0]}`);
      if (h.ndim < 2) throw new IndexError(`Dimension out of range (expected to be in range of [-1, 0], but got 1)`);
      if (h.shape[1] !== H) throw new RuntimeError(`hidden0 has inconsistent hidden_size: got ${h.shape[1]}, expected ${H}`);
    }
    const params: DirParams = { wih: this.weight_ih, whh: this.weight_hh, bih: this.bias_ih, bhh: this.bias_hh, whr: null };
    const r = rnnLayer(mode, x, [B], states[0], states[1] ?? null, 0, [params], H, [B, H],
      { out: names[0], hn: names[0], cn: names[1] ?? names[0], cell: true });
    const outs = mode === 'LSTM' ? [r.out, r.cn!] : [r.out];
    return is_batched ? outs : outs.map((o) => squeeze(o, 0));
  }
}

const CELL_SIG = 'input_size, hidden_size, bias=True';

export class RNNCell extends RNNCellBase {
  nonlinearity!: string;
  constructor(input_size: number, hidden_size: number, bias?: boolean | RNNCellArgs, nonlinearity?: string | RNNCellArgs, opts?: RNNCellArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    const kw = bind(`RNNCell.__init__(self, ${CELL_SIG}, nonlinearity='tanh', device=None, dtype=None)`, args);
    super(kw, 1);
    this.nonlinearity = kw.nonlinearity as string;
  }
  forward(...args: [input: Tensor, hx?: Tensor | null | Kw, kw?: Kw]): Tensor {
    const a = bind('RNNCell.forward(self, input, hx=None)', args);
    const nl = this.nonlinearity;
    if (nl !== 'tanh' && nl !== 'relu') throw new RuntimeError(`Unknown nonlinearity: ${nl}`);
    return this._step('RNNCell', nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', a.input as Tensor, a.hx ? [a.hx as Tensor] : null,
      [nl === 'tanh' ? 'TanhBackward0' : 'ReluBackward0'])[0];
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, bias?: boolean | RNNCellArgs, opts?: RNNCellArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind(`LSTMCell.__init__(self, ${CELL_SIG}, device=None, dtype=None)`, args), 4); }
  forward(...args: [input: Tensor, hx?: [Tensor, Tensor] | null | Kw, kw?: Kw]): [Tensor, Tensor] {
    const a = bind('LSTMCell.forward(self, input, hx=None)', args);
    const hx = a.hx as [Tensor, Tensor] | null;
    const [h, c] = this._step('LSTMCell', 'LSTM', a.input as Tensor, hx ? [hx[0], hx[1]] : null, ['MulBackward0', 'AddBackward0']);
    return [h, c];
  }
}

export class GRUCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, bias?: boolean | RNNCellArgs, opts?: RNNCellArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) { super(bind(`GRUCell.__init__(self, ${CELL_SIG}, device=None, dtype=None)`, args), 3); }
  forward(...args: [input: Tensor, hx?: Tensor | null | Kw, kw?: Kw]): Tensor {
    const a = bind('GRUCell.forward(self, input, hx=None)', args);
    return this._step('GRUCell', 'GRU', a.input as Tensor, a.hx ? [a.hx as Tensor] : null, ['AddBackward0'])[0];
  }
}
