// torch.nn.utils.rnn: PackedSequence (a named tuple of data, batch_sizes, sorted_indices,
// unsorted_indices) and the functions that pack and pad sequences, as PyTorch 1.13's
// torch/nn/utils/rnn.py and ATen's _pack_padded_sequence / _pad_packed_sequence do them.
import { Tensor } from '../../tensor/tensor.js';
import { int64 } from '../../tensor/dtype.js';
import { RuntimeError, ValueError } from '../../tensor/errors.js';
import { tensor } from '../../tensor/creation.js';
import { broadcastShapes } from '../../tensor/shape.js';
import { record } from '../../autograd/function.js';
import { bind } from '../../tensor/args.js';
import { transpose, index_select } from '../../ops/view.js';
import { sort } from '../../ops/sort.js';

/** invert_permutation(p): q with q[p[i]] = i (null stays null). */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null || permutation === undefined) return null;
  const p = permutation.contiguous()._data, out = int64.alloc(p.length);
  for (let i = 0; i < p.length; i++) out[Number(p[i])] = i;
  return new Tensor(out, permutation.shape, int64);
}

export class PackedSequence {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;
  /** PackedSequence(data, batch_sizes=None, sorted_indices=None, unsorted_indices=None); unsorted_indices default to the inverse of sorted_indices. */
  constructor(data: Tensor | [Tensor, Tensor], batch_sizes: Tensor | null = null, sorted_indices: Tensor | null = null, unsorted_indices: Tensor | null = null) {
    if (unsorted_indices === null || unsorted_indices === undefined) unsorted_indices = invert_permutation(sorted_indices ?? null);
    if (batch_sizes === null || batch_sizes === undefined) {
      const pair = data as [Tensor, Tensor];
      [data, batch_sizes] = [pair[0], pair[1]];
    }
    this.data = data as Tensor;
    this.batch_sizes = batch_sizes;
    this.sorted_indices = sorted_indices ?? null;
    this.unsorted_indices = unsorted_indices;
  }
  get length(): number { return 4; }
  get 0(): Tensor { return this.data; }
  get 1(): Tensor { return this.batch_sizes; }
  get 2(): Tensor | null { return this.sorted_indices; }
  get 3(): Tensor | null { return this.unsorted_indices; }
  *[Symbol.iterator](): Generator<Tensor | null> { yield this.data; yield this.batch_sizes; yield this.sorted_indices; yield this.unsorted_indices; }
  get is_cuda(): boolean { return false; }
  toString(): string {
    return `PackedSequence(data=${this.data}, batch_sizes=${this.batch_sizes}, sorted_indices=${this.sorted_indices ?? 'None'}, unsorted_indices=${this.unsorted_indices ?? 'None'})`;
  }
}

const LENGTHS_SORTED = '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.';

/** torch.as_tensor(lengths, dtype=torch.int64): a list, a tensor (cast), or a number. */
function lengthsTensor(lengths: unknown): Tensor {
  if (lengths instanceof Tensor) return lengths.dtype === int64 ? lengths : lengths.to(int64);
  return tensor(lengths as number[], { dtype: int64 });
}

/** Rows of each step of a [T, B, *] input whose sequences have `lengths` (sorted, decreasing). */
function batchSizesOf(lengths: number[], T: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    let b = 0;
    while (b < lengths.length && lengths[b] > t) b++;
    if (b === 0) break;
    out.push(b);
  }
  return out;
}

/** ATen's _pack_padded_sequence: the rows input[t, :batch_sizes[t]] one step after another. */
function packPadded(input: Tensor, lengthsT: Tensor, batch_first: boolean): [Tensor, Tensor] {
  const x = batch_first ? transpose(input, 0, 1) : input;
  if (lengthsT.ndim !== 1)
    throw new RuntimeError(`'lengths' argument should be a 1D CPU int64 tensor, but got ${lengthsT.ndim}D cpu Long tensor`);
  const B = x.shape[1];
  const lengths = Array.from(lengthsT.contiguous()._data as ArrayLike<number>, Number);
  if (x.numel() === 0) throw new RuntimeError('Cannot pack empty tensors.');
  if (lengths.length !== B) throw new RuntimeError(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${B})`);
  if (!(lengths[B - 1] > 0)) throw new RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  for (let i = 1; i < B; i++) if (lengths[B - 1 - i] < lengths[B - i]) throw new RuntimeError(LENGTHS_SORTED);
  if (lengths[0] > x.shape[0]) throw new RuntimeError(`Expected sequence lengths of at most ${x.shape[0]} (the padded length), but got ${lengths[0]}`);
  const bs = batchSizesOf(lengths, x.shape[0]);
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const xd = x.contiguous()._data, dtype = x.dtype;
  const N = bs.reduce((a, b) => a + b, 0);
  const data = dtype.alloc(N * inner);
  for (let t = 0, o = 0; t < bs.length; t++) {
    data.set(xd.subarray(t * B * inner, (t * B + bs[t]) * inner), o * inner);
    o += bs[t];
  }
  const packed = record(new Tensor(data, [N, ...x.shape.slice(2)], dtype), 'PackPaddedSequenceBackward0', [x], (g) => {
    const gd = g.contiguous()._data, gx = dtype.alloc(x.numel());
    for (let t = 0, o = 0; t < bs.length; t++) {
      gx.set(gd.subarray(o * inner, (o + bs[t]) * inner), t * B * inner);
      o += bs[t];
    }
    return [new Tensor(gx, x.shape, dtype)];
  });
  return [packed, tensor(bs, { dtype: int64 })];
}

export interface PackOptions { batch_first?: boolean; enforce_sorted?: boolean }
/** pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True). */
export function pack_padded_sequence(input: Tensor, lengths: Tensor | number[], opts?: PackOptions): PackedSequence;
export function pack_padded_sequence(input: Tensor, lengths: Tensor | number[], batch_first?: boolean, enforce_sorted?: boolean | PackOptions): PackedSequence;
export function pack_padded_sequence(...args: unknown[]): PackedSequence {
  const a = bind('pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True)', args);
  let input = a.input as Tensor, lengths = lengthsTensor(a.lengths);
  let sorted: Tensor | null = null;
  if (!a.enforce_sorted) {
    const r = sort(lengths, { descending: true });
    lengths = r.values; sorted = r.indices;
    input = index_select(input, a.batch_first ? 0 : 1, sorted);
  }
  const [data, batch_sizes] = packPadded(input, lengths, !!a.batch_first);
  return new PackedSequence(data, batch_sizes, sorted, null);
}

export interface PadPackedOptions { batch_first?: boolean; padding_value?: number; total_length?: number | null }
/** pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None): [padded, lengths]. */
export function pad_packed_sequence(sequence: PackedSequence, opts?: PadPackedOptions): [Tensor, Tensor];
export function pad_packed_sequence(sequence: PackedSequence, batch_first?: boolean, padding_value?: number, total_length?: number | null | PadPackedOptions): [Tensor, Tensor];
export function pad_packed_sequence(...args: unknown[]): [Tensor, Tensor] {
  const a = bind('pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None)', args);
  const seq = a.sequence as PackedSequence;
  const bs = Array.from(seq.batch_sizes.contiguous()._data as ArrayLike<number>, Number);
  let T = bs.length;
  if (a.total_length !== null) {
    const total = a.total_length as number;
    if (total < T)
      throw new ValueError(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${total} and max sequence length being ${T}`);
    T = total;
  }
  const x = seq.data, B = bs[0], inner = x.shape.slice(1).reduce((p, q) => p * q, 1), dtype = x.dtype;
  const xd = x.contiguous()._data;
  const out = dtype.alloc(T * B * inner);
  out.fill(dtype.scalar(a.padding_value as number));
  for (let t = 0, o = 0; t < bs.length; t++) {
    out.set(xd.subarray(o * inner, (o + bs[t]) * inner), t * B * inner);
    o += bs[t];
  }
  const lens = int64.alloc(B);
  for (const b of bs) for (let i = 0; i < b; i++) lens[i]++;
  let padded = record(new Tensor(out, [T, B, ...x.shape.slice(1)], dtype), 'torch::autograd::CopySlices', [x], (g) => {
    const gd = g.contiguous()._data, gx = dtype.alloc(x.numel());
    for (let t = 0, o = 0; t < bs.length; t++) {
      gx.set(gd.subarray(t * B * inner, (t * B + bs[t]) * inner), o * inner);
      o += bs[t];
    }
    return [new Tensor(gx, x.shape, dtype)];
  });
  if (a.batch_first) padded = transpose(padded, 0, 1);
  let lengths = new Tensor(lens, [B], int64);
  if (seq.unsorted_indices) {
    padded = index_select(padded, a.batch_first ? 0 : 1, seq.unsorted_indices);
    lengths = index_select(lengths, 0, seq.unsorted_indices);
  }
  return [padded, lengths];
}

export interface PadSequenceOptions { batch_first?: boolean; padding_value?: number }
/** pad_sequence(sequences, batch_first=False, padding_value=0.0): [max_len, B, *] (or [B, max_len, *]). */
export function pad_sequence(sequences: Tensor[] | Tensor, opts?: PadSequenceOptions): Tensor;
export function pad_sequence(sequences: Tensor[] | Tensor, batch_first?: boolean, padding_value?: number | PadSequenceOptions): Tensor;
export function pad_sequence(...args: unknown[]): Tensor {
  const a = bind('pad_sequence(sequences, batch_first=False, padding_value=0.0)', args);
  let seqs: Tensor[];
  if (a.sequences instanceof Tensor) seqs = (a.sequences as Tensor).unbind(0);
  else if (a.sequences && typeof (a.sequences as Iterable<Tensor>)[Symbol.iterator] === 'function') seqs = [...(a.sequences as Iterable<Tensor>)];
  else throw new RuntimeError(`pad_sequence: Expected iterable for input sequences, but got arg of type: ${pyTypeName(a.sequences)}`);
  if (!seqs.length) throw new RuntimeError('received an empty list of sequences');
  const trailing = seqs[0].shape.slice(1), dtype = seqs[0].dtype;
  const maxLen = Math.max(...seqs.map((s) => s.shape[0]));
  const B = seqs.length, inner = trailing.reduce((p, q) => p * q, 1);
  // each sequence is copied into its slot as ATen copies it (copy_ broadcasts, with its message)
  for (const s of seqs) {
    const slot = [s.shape[0], ...trailing];
    const b = broadcastShapes(slot, s.shape);
    if (b.length !== slot.length || b.some((v, i) => v !== slot[i]))
      throw new RuntimeError(`output with shape [${slot.join(', ')}] doesn't match the broadcast shape [${b.join(', ')}]`);
  }
  // a sequence that broadcasts to its slot takes part expanded (its gradient then sums back)
  const full = seqs.map((s) => s.expand([s.shape[0], ...trailing]));
  const out = dtype.alloc(maxLen * B * inner);
  out.fill(dtype.scalar(a.padding_value as number));
  const bf = !!a.batch_first;
  const row = (i: number, t: number): number => (bf ? i * maxLen + t : t * B + i) * inner;
  full.forEach((s, i) => {
    const d = s.contiguous()._data;
    for (let t = 0; t < s.shape[0]; t++) out.set(d.subarray(t * inner, (t + 1) * inner), row(i, t));
  });
  const shape = bf ? [B, maxLen, ...trailing] : [maxLen, B, ...trailing];
  return record(new Tensor(out, shape, dtype), 'torch::autograd::CopySlices', full, (g) => {
    const gd = g.contiguous()._data;
    return full.map((s, i) => {
      const r = dtype.alloc(s.numel());
      for (let t = 0; t < s.shape[0]; t++) r.set(gd.subarray(row(i, t), row(i, t) + inner), t * inner);
      return new Tensor(r, s.shape, dtype);
    });
  });
}

/** pack_sequence(sequences, enforce_sorted=True). */
export function pack_sequence(sequences: Tensor[], opts?: { enforce_sorted?: boolean }): PackedSequence;
export function pack_sequence(sequences: Tensor[], enforce_sorted?: boolean | { enforce_sorted?: boolean }): PackedSequence;
export function pack_sequence(...args: unknown[]): PackedSequence {
  const a = bind('pack_sequence(sequences, enforce_sorted=True)', args);
  const seqs = a.sequences as Tensor[];
  const lengths = tensor(seqs.map((v) => v.shape[0]), { dtype: int64 });
  return pack_padded_sequence(pad_sequence(seqs), lengths, { enforce_sorted: a.enforce_sorted as boolean });
}

/** unpad_sequence(padded_sequences, lengths, batch_first=False): the sequences without their padding. */
export function unpad_sequence(...args: unknown[]): Tensor[] {
  const a = bind('unpad_sequence(padded_sequences, lengths, batch_first=False)', args);
  let padded = a.padded_sequences as Tensor;
  if (!a.batch_first) padded = transpose(padded, 0, 1);
  const lengths = a.lengths instanceof Tensor ? (a.lengths as Tensor).tolist() as number[] : a.lengths as number[];
  return lengths.map((n, i) => padded.select(0, i).narrow(0, 0, Number(n)));
}

/** unpack_sequence(packed_sequences): the sequences a PackedSequence holds, in their original order. */
export function unpack_sequence(...args: unknown[]): Tensor[] {
  const a = bind('unpack_sequence(packed_sequences)', args);
  const [padded, lengths] = pad_packed_sequence(a.packed_sequences as PackedSequence, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  return `<class '${typeof v}'>`;
}
