// F.multi_head_attention_forward: PyTorch 1.13's Python implementation, step for step (in-projection,
// masks merged into one additive float mask, scaled q·kᵀ through baddbmm, softmax, dropout on the
// weights from the default generator, the output projection), so grad_fns, dropout draws and
// error texts are PyTorch's. Autograd comes from the ops it is composed of.
import { Tensor } from '../../tensor/tensor.js';
import { AssertionError, RuntimeError, warn } from '../../tensor/errors.js';
import { bool, uint8 } from '../../tensor/dtype.js';
import { bind } from '../../tensor/args.js';
import { zeros } from '../../tensor/creation.js';
import { bmm, baddbmm } from '../../ops/linalg.js';
import { cat } from '../../ops/misc.js';
import { linear } from './linear.js';
import { softmax } from './softmax.js';
import { dropout } from './dropout.js';
import { pad } from './more_pad.js';

/** Python's repr of a tensor's shape and of a tuple of ints, as the assertion texts print them. */
export const torchSize = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`;
const tuple = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** _mha_shape_check: whether the query is batched, with PyTorch's assertion texts. */
function shapeCheck(query: Tensor, key: Tensor, value: Tensor, kpm: Tensor | null, mask: Tensor | null, num_heads: number): boolean {
  const q = query.ndim;
  if (q !== 3 && q !== 2) throw new AssertionError(`query should be unbatched 2D or batched 3D tensor but received ${q}-D query tensor`);
  const kind = q === 3 ? 'batched (3-D)' : 'unbatched (2-D)';
  if (key.ndim !== q || value.ndim !== q)
    throw new AssertionError(`For ${kind} \`query\`, expected \`key\` and \`value\` to be ${q}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
  if (kpm && kpm.ndim !== q - 1)
    throw new AssertionError(`For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${q - 1}-D but found ${kpm.ndim}-D tensor instead`);
  if (mask && mask.ndim !== 2 && mask.ndim !== 3)
    throw new AssertionError(`For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${mask.ndim}-D tensor instead`);
  if (q === 2 && mask && mask.ndim === 3) {
    const want = [num_heads, query.shape[0], key.shape[0]];
    if (!sameShape(mask.shape, want)) throw new AssertionError(`Expected \`attn_mask\` shape to be ${tuple(want)} but got ${torchSize(mask.shape)}`);
  }
  return q === 3;
}

export function checkPaddingMaskDtype(kpm: Tensor | null): void {
  if (kpm && kpm.dtype !== bool && !kpm.dtype.is_floating_point)
    throw new AssertionError('only bool and floating types of key_padding_mask are supported');
}

/** _in_projection_packed: one weight [3E, E] for q, k, v; fewer GEMMs when the inputs are the same tensor. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const E = q.shape[q.ndim - 1];
  if (k === v) {
    if (q === k) return linear(q, w, b).chunk(3, -1);
    const [wq, wkv] = w.split([E, E * 2]);
    const [bq, bkv] = b ? b.split([E, E * 2]) : [null, null];
    return [linear(q, wq, bq), ...linear(k, wkv, bkv).chunk(2, -1)];
  }
  const [wq, wk, wv] = w.chunk(3);
  const [bq, bk, bv] = b ? b.chunk(3) : [null, null, null];
  return [linear(q, wq, bq), linear(k, wk, bk), linear(v, wv, bv)];
}

/** _in_projection: separate q, k, v weights (kdim / vdim differ from embed_dim). */
function inProjection(q: Tensor, k: Tensor, v: Tensor, ws: Tensor[], bs: (Tensor | null)[]): Tensor[] {
  const Eq = q.shape[q.ndim - 1], Ek = k.shape[k.ndim - 1], Ev = v.shape[v.ndim - 1];
  const names = ['query', 'key', 'value'];
  [[Eq, Eq], [Eq, Ek], [Eq, Ev]].forEach((want, i) => {
    if (!sameShape(ws[i].shape, want)) throw new AssertionError(`expecting ${names[i]} weights shape of ${tuple(want)}, but got ${torchSize(ws[i].shape)}`);
  });
  bs.forEach((b, i) => {
    if (b && !sameShape(b.shape, [Eq])) throw new AssertionError(`expecting ${names[i]} bias shape of ${tuple([Eq])}, but got ${torchSize(b.shape)}`);
  });
  return [linear(q, ws[0], bs[0]), linear(k, ws[1], bs[1]), linear(v, ws[2], bs[2])];
}

/** attn_mask checked and made 3-D ([1 or bsz·heads, L, S]); a uint8 mask becomes bool with PyTorch's warning. */
function prepareAttnMask(mask: Tensor, tgt: number, src: number, bszHeads: number): Tensor {
  if (mask.dtype === uint8) {
    warn('Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.');
    mask = mask.to(bool);
  } else if (!mask.dtype.is_floating_point && mask.dtype !== bool) {
    throw new AssertionError(`Only float, byte, and bool types are supported for attn_mask, not torch.${mask.dtype.name}`);
  }
  if (mask.ndim === 2) {
    if (!sameShape(mask.shape, [tgt, src])) throw new RuntimeError(`The shape of the 2D attn_mask is ${torchSize(mask.shape)}, but should be ${tuple([tgt, src])}.`);
    return mask.unsqueeze(0);
  }
  if (mask.ndim === 3) {
    if (!sameShape(mask.shape, [bszHeads, tgt, src])) throw new RuntimeError(`The shape of the 3D attn_mask is ${torchSize(mask.shape)}, but should be ${tuple([bszHeads, tgt, src])}.`);
    return mask;
  }
  throw new RuntimeError(`attn_mask's dimension ${mask.ndim} is not supported`);
}

const SIGNATURE = 'multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, '
  + 'bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training=True, key_padding_mask=None, '
  + 'need_weights=True, attn_mask=None, use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None, '
  + 'v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True)';

/** The keyword arguments of multi_head_attention_forward. */
export interface MhaOptions {
  training?: boolean; key_padding_mask?: Tensor | null; need_weights?: boolean; attn_mask?: Tensor | null;
  use_separate_proj_weight?: boolean; q_proj_weight?: Tensor | null; k_proj_weight?: Tensor | null; v_proj_weight?: Tensor | null;
  static_k?: Tensor | null; static_v?: Tensor | null; average_attn_weights?: boolean;
}

/** Returns [attn_output, attn_output_weights or null] (PyTorch's tuple). */
export function multi_head_attention_forward(...args: unknown[]): [Tensor, Tensor | null] {
  const a = bind(SIGNATURE, args);
  let query = a.query as Tensor, key = a.key as Tensor, value = a.value as Tensor;
  const num_heads = a.num_heads as number;
  let kpm = a.key_padding_mask as Tensor | null, mask = a.attn_mask as Tensor | null;
  const batched = shapeCheck(query, key, value, kpm, mask, num_heads);
  if (!batched) {
    query = query.unsqueeze(1); key = key.unsqueeze(1); value = value.unsqueeze(1);
    if (kpm) kpm = kpm.unsqueeze(0);
  }
  const [tgt_len, bsz, embed_dim] = query.shape;
  checkPaddingMaskDtype(kpm);
  if (embed_dim !== a.embed_dim_to_check) throw new AssertionError(`was expecting embedding dimension of ${a.embed_dim_to_check}, but got ${embed_dim}`);
  const head_dim = Math.floor(embed_dim / num_heads);
  if (head_dim * num_heads !== embed_dim) throw new AssertionError(`embed_dim ${embed_dim} not divisible by num_heads ${num_heads}`);
  const separate = !!a.use_separate_proj_weight;
  if (separate) {
    if (!sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2)))
      throw new AssertionError(`key's sequence and batch dims ${torchSize(key.shape.slice(0, 2))} do not match value's ${torchSize(value.shape.slice(0, 2))}`);
  } else if (!sameShape(key.shape, value.shape)) {
    throw new AssertionError(`key shape ${torchSize(key.shape)} does not match value shape ${torchSize(value.shape)}`);
  }
  // identity decides the packed projection's GEMMs, as `is` does in PyTorch (lost by the unbatched unsqueeze there too)
  const inB = a.in_proj_bias as Tensor | null;
  let q: Tensor, k: Tensor, v: Tensor;
  if (!separate) {
    if (!a.in_proj_weight) throw new AssertionError('use_separate_proj_weight is False but in_proj_weight is None');
    [q, k, v] = inProjectionPacked(query, key, value, a.in_proj_weight as Tensor, inB);
  } else {
    for (const n of ['q', 'k', 'v'])
      if (!a[`${n}_proj_weight`]) throw new AssertionError(`use_separate_proj_weight is True but ${n}_proj_weight is None`);
    const bs = inB ? inB.chunk(3) : [null, null, null];
    [q, k, v] = inProjection(query, key, value, [a.q_proj_weight, a.k_proj_weight, a.v_proj_weight] as Tensor[], bs);
  }
  if (mask) mask = prepareAttnMask(mask, tgt_len, key.shape[0], bsz * num_heads);
  const bias_k = a.bias_k as Tensor | null, bias_v = a.bias_v as Tensor | null;
  const static_k = a.static_k as Tensor | null, static_v = a.static_v as Tensor | null;
  if (bias_k && bias_v) {
    if (static_k) throw new AssertionError('bias cannot be added to static key.');
    if (static_v) throw new AssertionError('bias cannot be added to static value.');
    k = cat([k, bias_k.repeat(1, bsz, 1)]);
    v = cat([v, bias_v.repeat(1, bsz, 1)]);
    if (mask) mask = pad(mask, [0, 1]);
    if (kpm) kpm = pad(kpm, [0, 1]);
  } else if (bias_k || bias_v) {
    throw new AssertionError('');
  }
  q = q.contiguous().view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1);
  k = staticOr(k, static_k, 'k', bsz * num_heads, head_dim);
  v = staticOr(v, static_v, 'v', bsz * num_heads, head_dim);
  if (a.add_zero_attn) {
    const zshape = [bsz * num_heads, 1, head_dim];
    k = cat([k, zeros(zshape, { dtype: k.dtype })], 1);
    v = cat([v, zeros(zshape, { dtype: v.dtype })], 1);
    if (mask) mask = pad(mask, [0, 1]);
    if (kpm) kpm = pad(kpm, [0, 1]);
  }
  const src_len = k.shape[1];
  if (kpm) {
    if (!sameShape(kpm.shape, [bsz, src_len]))
      throw new AssertionError(`expecting key_padding_mask shape of ${tuple([bsz, src_len])}, but got ${torchSize(kpm.shape)}`);
    kpm = kpm.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len);
    if (!mask) mask = kpm;
    else if (mask.dtype === bool) mask = mask.logical_or(kpm);
    else mask = mask.masked_fill(kpm, -Infinity);
  }
  if (mask && mask.dtype === bool) mask = zeros(mask.shape, { dtype: q.dtype }).masked_fill_(mask, -Infinity);
  const p = a.training ? a.dropout_p as number : 0;
  const E = q.shape[2];
  const qScaled = q.div(Math.sqrt(E));
  let weights = mask ? baddbmm(mask, qScaled, k.transpose(-2, -1)) : bmm(qScaled, k.transpose(-2, -1));
  weights = softmax(weights, -1);
  if (p > 0) weights = dropout(weights, { p });
  let out = bmm(weights, v);
  out = out.transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim);
  out = linear(out, a.out_proj_weight as Tensor, a.out_proj_bias as Tensor | null);
  out = out.view(tgt_len, bsz, out.shape[1]);
  if (!a.need_weights) return [batched ? out : out.squeeze(1), null];
  weights = weights.view(bsz, num_heads, tgt_len, src_len);
  if (a.average_attn_weights) weights = weights.sum(1).div(num_heads);
  return batched ? [out, weights] : [out.squeeze(1), weights.squeeze(0)];
}

/** k or v as [bsz·heads, S, head_dim], or the static one given in its place (checked). */
function staticOr(t: Tensor, st: Tensor | null, n: string, bh: number, head_dim: number): Tensor {
  if (!st) return t.contiguous().view(t.shape[0], bh, head_dim).transpose(0, 1);
  if (st.shape[0] !== bh) throw new AssertionError(`expecting static_${n}.size(0) of ${bh}, but got ${st.shape[0]}`);
  if (st.shape[2] !== head_dim) throw new AssertionError(`expecting static_${n}.size(2) of ${head_dim}, but got ${st.shape[2]}`);
  return st;
}
