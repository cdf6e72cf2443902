// Products of vectors, matrices and batches: dot, mv, bmm, addmm, baddbmm, outer and einsum
// (torch.mm and torch.matmul, in matmul.ts, build on these). Every product is one batched GEMM
// through dispatch's gemm, so float32 blocks take the fast kernel, with its backward beside it;
// checks, messages and grad_fn names are PyTorch 1.13's.
import { Tensor } from '../tensor/tensor.js';
import { bool, type DType, type Storage } from '../tensor/dtype.js';
import { RuntimeError, ValueError } from '../tensor/errors.js';
import { record } from '../autograd/function.js';
import { gemmBatch as gemmBatchK } from '../kernels/dispatch.js';
import { sum, sumToShape } from './reduce.js';
import { mul, to } from './elementwise.js';
import { diagonal, expand, movedim, permute, reshape, unsqueeze, view } from './view.js';
import { sizeAt } from './shape_ops.js';
import { bindNames, pyType, tensorArg, type Kw } from '../tensor/args.js';

/**
 * A product's operand as the GEMM takes it: [data, transposed]. A contiguous tensor is its data;
 * a view whose last two dims are a transpose of a contiguous layout (a.t(), a.mT) is its storage
 * as it lies, with the transpose flag, instead of a copy. The sums are the same either way (every
 * GEMM sums each element's terms in k order whatever the operands' layouts), so the bits are too.
 */
function operand(t: Tensor): [Storage, boolean] {
  if (!t.is_contiguous()) {
    const d = t._transposedData();
    if (d) return [d, true];
  }
  return [t._data, false];
}

/** C[i] = op(A[i]) @ op(B[i]) for nb row-major matrices (op(A): M x K, op(B): K x N), each through the same GEMM. */
export function gemmBatch(a: Storage, b: Storage, out: Storage, nb: number, M: number, K: number, N: number, transA = false, transB = false): Storage {
  gemmBatchK(a, b, out, nb, M, K, N, transA, transB);
  return out;
}

/** addmm / baddbmm's extra term: beta * input (already expanded to the output) added to alpha * product. */
interface Affine { input: Tensor; expanded: Storage; beta: number; alpha: number }

/**
 * A @ B over nb batches of M x K and K x N matrices (a and b dense, of any shapes holding those),
 * as a tensor of `shape` recorded as `name`; with `affine`, beta * input + alpha * A @ B.
 */
export function product(name: string, a: Tensor, b: Tensor, nb: number, M: number, K: number, N: number, shape: number[], affine?: Affine): Tensor {
  const dtype = a.dtype, [ad, ta] = operand(a), [bd, tb] = operand(b);
  const out = gemmBatch(ad, bd, dtype.alloc(nb * M * N), nb, M, K, N, ta, tb);
  if (affine) {
    const { expanded: c, beta, alpha } = affine;
    // BLAS skips a term whose factor is zero, so its NaNs do not reach the result
    for (let i = 0; i < out.length; i++) out[i] = (alpha === 0 ? 0 : alpha * out[i]) + (beta === 0 ? 0 : beta * c[i]);
  }
  if (dtype.wrap) for (let i = 0; i < out.length; i++) out[i] = dtype.wrap(out[i]); // integer products wrap at the dtype's width
  const alpha = affine?.alpha ?? 1;
  return record(new Tensor(out, shape, dtype), name, [affine?.input, a, b], (g) => {
    const gd = g._data;
    const input = affine?.input;
    return [
      input?.requires_grad ? to(sumToShape(scaled(g, affine!.beta), input.shape), input.dtype) : null,
      a.requires_grad ? scaled(new Tensor(gemmBatch(gd, bd, dtype.alloc(nb * M * K), nb, M, N, K, false, !tb), a.shape, dtype), alpha) : null,
      b.requires_grad ? scaled(new Tensor(gemmBatch(ad, gd, dtype.alloc(nb * K * N), nb, K, M, N, !ta, false), b.shape, dtype), alpha) : null,
    ];
    // each factor is saved for the other's gradient
  }, true, { saved: [b.requires_grad && a, a.requires_grad && b] });
}
const scaled = (g: Tensor, s: number): Tensor => (s === 1 ? g : mul(g, s));

/** ATen's dtype check between the two factors of a product. */
export function sameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new RuntimeError(`expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`);
}
/** The CPU kernels have no bool version; `kernel` is the name ATen's dispatch reports. */
export function noBool(t: Tensor, kernel: string): void {
  if (t.dtype === bool) throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
}
function pair(fn: string, names: [string, string], args: unknown[]): [Tensor, Tensor] {
  const a = bindNames(fn, names, args);
  return [tensorArg(fn, names[0], a[names[0]], 1), tensorArg(fn, names[1], a[names[1]], 2)];
}

/** torch.dot(input, tensor): the inner product of two 1-D tensors of one dtype. */
export function dot(...args: unknown[]): Tensor {
  const [x, y] = pair('dot', ['input', 'tensor'], args);
  if (x.ndim !== 1 || y.ndim !== 1) throw new RuntimeError(`1D tensors expected, but got ${x.ndim}D and ${y.ndim}D tensors`);
  if (x.dtype !== y.dtype) throw new RuntimeError(`dot : expected both vectors to have same dtype, but found ${x.dtype.scalarName} and ${y.dtype.scalarName}`);
  const n = x.shape[0], m = y.shape[0];
  if (n !== m) throw new RuntimeError(`inconsistent tensor size, expected tensor [${n}] and src [${m}] to have the same number of elements, but got ${n} and ${m} elements respectively`);
  noBool(x, 'dot');
  return product('DotBackward0', x, y, 1, 1, n, 1, []);
}

/** torch.mv(input, vec): matrix @ vector. */
export function mv(...args: unknown[]): Tensor {
  const [x, v] = pair('mv', ['input', 'vec'], args);
  const rows = sizeAt(x, 0); // ATen sizes the result first
  if (x.ndim !== 2 || v.ndim !== 1) throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${x.ndim}, ${v.ndim}`);
  const K = x.shape[1];
  if (v.shape[0] !== K) throw new RuntimeError(`size mismatch, got ${rows}, ${rows}x${K},${v.shape[0]}`);
  sameDtype(x, v);
  noBool(x, 'addmv_impl_cpu');
  return product('MvBackward0', x, v, 1, rows, K, 1, [rows]);
}

/** The checks bmm and baddbmm share; returns [batches, M, K, N]. */
function bmmSizes(b1: Tensor, b2: Tensor): [number, number, number, number] {
  if (b1.ndim !== 3) throw new RuntimeError('batch1 must be a 3D tensor');
  if (b2.ndim !== 3) throw new RuntimeError('batch2 must be a 3D tensor');
  const [B, M, K] = b1.shape;
  if (b2.shape[0] !== B || b2.shape[1] !== K)
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${B}, ${K}] but got: [${b2.shape[0]}, ${b2.shape[1]}].`);
  sameDtype(b1, b2);
  return [B, M, K, b2.shape[2]];
}

/** torch.bmm(input, mat2): a batch of matrix products, (B, M, K) @ (B, K, N). */
export function bmm(...args: unknown[]): Tensor {
  const [b1, b2] = pair('bmm', ['input', 'mat2'], args);
  const [B, M, K, N] = bmmSizes(b1, b2);
  noBool(b1, 'bmm');
  return product('BmmBackward0', b1, b2, B, M, K, N, [B, M, N]);
}

/** beta and alpha: Python numbers (truncated for integer dtypes, as ATen converts them). */
function factors(fn: string, kw: Kw, dtype: DType): { beta: number; alpha: number } {
  const num = (name: string): number => {
    const v = kw[name];
    if (v === undefined) return 1;
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`${fn}(): argument '${name}' must be Number, not ${pyType(v)}`);
    return dtype.is_floating_point ? +v : Math.trunc(+v);
  };
  return { beta: num('beta'), alpha: num('alpha') };
}
function triple(fn: string, names: [string, string, string], args: unknown[]): [Tensor, Tensor, Tensor, Kw] {
  const kw = bindNames(fn, names, args, ['beta', 'alpha']);
  return [tensorArg(fn, names[0], kw[names[0]], 1), tensorArg(fn, names[1], kw[names[1]], 2), tensorArg(fn, names[2], kw[names[2]], 3), kw];
}
/** input broadcast to `shape` as dense data in `dtype` (expand's errors when it cannot be). */
const expandedData = (input: Tensor, shape: number[], dtype: DType): Storage => expand(to(input.detach(), dtype), shape)._data;

/** torch.addmm(input, mat1, mat2, {beta=1, alpha=1}): beta * input + alpha * (mat1 @ mat2), input broadcast. */
export function addmm(...args: unknown[]): Tensor {
  const [input, m1, m2, kw] = triple('addmm', ['input', 'mat1', 'mat2'], args);
  if (input.dtype !== m2.dtype) throw new RuntimeError('self and mat2 must have the same dtype');
  if (m1.dtype !== m2.dtype) throw new RuntimeError('mat1 and mat2 must have the same dtype');
  if (m1.ndim !== 2) throw new RuntimeError(`mat1 must be a matrix, got ${m1.ndim}-D tensor`);
  if (m2.ndim !== 2) throw new RuntimeError(`mat2 must be a matrix, got ${m2.ndim}-D tensor`);
  const [M, K] = m1.shape, [K2, N] = m2.shape;
  if (K !== K2) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${M}x${K} and ${K2}x${N})`);
  const { beta, alpha } = factors('addmm', kw, m1.dtype);
  const expanded = expandedData(input, [M, N], m1.dtype);
  noBool(m1, 'addmm_impl_cpu_');
  return product('AddmmBackward0', m1, m2, 1, M, K, N, [M, N], { input, expanded, beta, alpha });
}

/** torch.baddbmm(input, batch1, batch2, {beta=1, alpha=1}): beta * input + alpha * bmm(batch1, batch2), input broadcast. */
export function baddbmm(...args: unknown[]): Tensor {
  const [input, b1, b2, kw] = triple('baddbmm', ['input', 'batch1', 'batch2'], args);
  // ATen expands input to the output's size before any other check
  const target = [sizeAt(b1, 0), sizeAt(b1, 1), sizeAt(b2, 2)];
  expand(input.detach(), target);
  const [B, M, K, N] = bmmSizes(b1, b2);
  const { beta, alpha } = factors('baddbmm', kw, b1.dtype);
  noBool(b1, 'baddbmm');
  return product('BaddbmmBackward0', b1, b2, B, M, K, N, [B, M, N], { input, expanded: expandedData(input, target, b1.dtype), beta, alpha });
}

/** torch.outer(input, vec2): input[i] * vec2[j], with type promotion (PyTorch multiplies a column by the row). */
export function outer(...args: unknown[]): Tensor {
  const [x, y] = pair('outer', ['input', 'vec2'], args);
  if (x.ndim !== 1) throw new RuntimeError(`outer: Expected 1-D argument self, but got ${x.ndim}-D`);
  if (y.ndim !== 1) throw new RuntimeError(`outer: Expected 1-D argument vec2, but got ${y.ndim}-D`);
  return mul(reshape(x, [x.shape[0], 1]), y);
}

// ---- einsum ----
const ELLIPSIS = 52;
const isLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);
/** A label's subscript: 'A'-'Z' are 0-25, 'a'-'z' 26-51 (ATen's numbering). */
const subscriptOf = (c: string): number => (c <= 'Z' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 97 + 26);
const labelOf = (s: number): string => String.fromCharCode(s < 26 ? s + 65 : s - 26 + 97);

/** The equation of einsum's sublist form, einsum(op1, [0, 1], op2, [1, 2], [0, 2]) ('...' standing for Python's Ellipsis). */
function fromSublists(args: unknown[]): [string, Tensor[]] {
  const sub = (list: unknown): string => (list as unknown[]).map((s) => {
    if (s === '...') return '...';
    if (typeof s !== 'number' || s < 0 || s >= 52) throw new ValueError('einsum(): subscript in subscript list is not within the valid range [0, 52)');
    return labelOf(s);
  }).join('');
  const ops: Tensor[] = [], subs: string[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) { ops.push(args[i] as Tensor); subs.push(sub(args[i + 1])); }
  let eq = subs.join(',');
  if (args.length % 2 === 1) eq += '->' + sub(args[args.length - 1]);
  return [eq, ops];
}

/** The two-operand step: (left * right) summed over sumDims (kept as size 1) through permutes, reshapes and one bmm (ATen's sumproduct_pair). */
function sumproductPair(left: Tensor, right: Tensor, sumDims: number[]): Tensor {
  if (sumDims.length === 0) return mul(left, right);
  const nd = left.ndim, summed = new Set(sumDims);
  const lro: number[] = [], lo: number[] = [], ro: number[] = [];
  let lroSize = 1, loSize = 1, roSize = 1, sumSize = 1;
  for (let i = 0; i < nd; i++) {
    const sl = left.shape[i] !== 1, sr = right.shape[i] !== 1;
    if (sl && sr && left.shape[i] !== right.shape[i]) throw new RuntimeError('non-broadcast dimensions must match');
    if (summed.has(i)) {
      if (sl && sr) sumSize *= left.shape[i];
      else if (sl) left = sum(left, i, true);
      else if (sr) right = sum(right, i, true);
    } else if (sl && sr) { lro.push(i); lroSize *= left.shape[i]; }
    else if (sl) { lo.push(i); loSize *= left.shape[i]; }
    else { ro.push(i); roSize *= right.shape[i]; }
  }
  const outSize = [...lro.map((d) => left.shape[d]), ...lo.map((d) => left.shape[d]), ...sumDims.map(() => 1), ...ro.map((d) => right.shape[d])];
  const order = [...lro, ...lo, ...sumDims, ...ro], operm = new Array<number>(nd);
  order.forEach((d, i) => { operm[d] = i; });
  const l = reshape(permute(left, order), [lroSize, loSize, sumSize]);
  const r = reshape(permute(right, [...lro, ...sumDims, ...ro, ...lo]), [lroSize, sumSize, roSize]);
  return permute(view(bmm(l, r), outSize), operm);
}

/**
 * torch.einsum(equation, *operands) (or one array of operands, or the sublist form): labels
 * [a-zA-Z], '...' for broadcast dims, '->' for the output (else the labels seen once, in order,
 * after the ellipsis dims); a label repeated in one operand takes its diagonal. Computed as 1.13
 * does without opt_einsum: operands aligned by permutes, then contracted left to right.
 */
export function einsum(...args: unknown[]): Tensor {
  let equation: string, operands: Tensor[];
  if (args[0] instanceof Tensor) [equation, operands] = fromSublists(args);
  else {
    equation = args[0] as string;
    operands = (args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1)) as Tensor[];
  }
  // Python's einsum unwraps a list of operands before it counts them
  if (operands.length === 0) throw new ValueError('einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list');
  if (typeof equation !== 'string') throw new TypeError(`einsum(): argument 'equation' (position 1) must be str, not ${pyType(equation)}`);
  operands.forEach((t, i) => tensorArg('einsum', 'tensors', t, i + 2));
  const numOps = operands.length;

  // 1. labels of each operand
  const arrow = equation.indexOf('->'), lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const opLabels: number[][] = operands.map(() => []);
  let ellInInput = false, cur = 0;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i];
    if (c === ' ') continue;
    if (c === '.') {
      if (ellInInput) throw new RuntimeError(`einsum(): found '.' for operand ${cur} for which an ellipsis was already found`);
      if (!(i + 2 < lhs.length && lhs[++i] === '.' && lhs[++i] === '.')) throw new RuntimeError(`einsum(): found '.' for operand ${cur} that is not part of any ellipsis`);
      opLabels[cur].push(ELLIPSIS);
      ellInInput = true;
    } else if (c === ',') {
      if (++cur >= numOps) throw new RuntimeError('einsum(): fewer operands were provided than specified in the equation');
      ellInInput = false;
    } else {
      if (!isLetter(c)) throw new RuntimeError(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
      opLabels[cur].push(subscriptOf(c));
    }
  }
  if (cur !== numOps - 1) throw new RuntimeError('einsum(): more operands were provided than specified in the equation');
  const labelCount = new Array<number>(52).fill(0);
  let ellNumDim = 0;
  operands.forEach((op, i) => {
    let n = opLabels[i].length;
    const hasEll = opLabels[i].includes(ELLIPSIS);
    for (const l of opLabels[i]) {
      if (l === ELLIPSIS) { n--; ellNumDim = Math.max(ellNumDim, op.ndim - n); } else labelCount[l]++;
    }
    if (hasEll ? n > op.ndim : n !== op.ndim)
      throw new RuntimeError(`einsum(): the number of subscripts in the equation (${n}) ${hasEll ? 'is more than' : 'does not match'} the number of dimensions (${op.ndim}) for operand ${i}${hasEll ? '' : ' and no ellipsis was given'}`);
  });

  // 2. where each label goes: output dims first, then the dims to contract
  const permIndexOf = new Array<number>(52).fill(-1);
  let permIndex = 0, ellIndex = 0, ellInOutput = false;
  if (arrow < 0) {
    permIndex = ellNumDim;
    ellInOutput = true;
    for (let l = 0; l < 52; l++) if (labelCount[l] === 1) permIndexOf[l] = permIndex++;
  } else {
    const rhs = equation.slice(arrow + 2);
    for (let i = 0; i < rhs.length; i++) {
      const c = rhs[i];
      if (c === ' ') continue;
      if (c === '.') {
        if (ellInOutput) throw new RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found");
        if (!(i + 2 < rhs.length && rhs[++i] === '.' && rhs[++i] === '.')) throw new RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)");
        ellIndex = permIndex;
        permIndex += ellNumDim;
        ellInOutput = true;
        continue;
      }
      if (!isLetter(c)) throw new RuntimeError(`einsum(): invalid subscript given at index ${lhs.length + 2 + i} in the equation string, subscripts must be in [a-zA-Z]`);
      const s = subscriptOf(c);
      if (!(labelCount[s] > 0 && permIndexOf[s] === -1))
        throw new RuntimeError(`einsum(): output subscript ${c}${permIndexOf[s] > -1 ? ' appears more than once in the output' : ' does not appear in the equation for any input operand'}`);
      permIndexOf[s] = permIndex++;
    }
  }
  const outNumDim = permIndex;
  if (!ellInOutput) { ellIndex = permIndex; permIndex += ellNumDim; }
  for (let l = 0; l < 52; l++) if (labelCount[l] > 0 && permIndexOf[l] === -1) permIndexOf[l] = permIndex++;

  // 3. align every operand to those dims: diagonals for repeated labels, size-1 dims for missing ones
  const labelSize = new Array<number>(52).fill(1), ellSizes = new Array<number>(ellNumDim).fill(1);
  const dimCounts = new Array<number>(permIndex).fill(0);
  const ops = operands.map((operand, i) => {
    let op = operand, dim = 0;
    const perm = new Array<number>(permIndex).fill(-1);
    for (const s of opLabels[i]) {
      if (s === ELLIPSIS) {
        const covered = operand.ndim - (opLabels[i].length - 1);
        for (let j = ellNumDim - covered; j < ellNumDim; j++) {
          const size = op.shape[dim];
          if (size !== 1) {
            if (ellSizes[j] !== 1 && ellSizes[j] !== size)
              throw new RuntimeError(`einsum(): dimension ${dim} covered by ellipsis in operand ${i}has size ${size} which does not broadcast with previously seen ellipsis with size ${ellSizes[j]} for the respective dimension`);
            ellSizes[j] = size;
            dimCounts[ellIndex + j]++;
          }
          perm[ellIndex + j] = dim++;
        }
      } else if (perm[permIndexOf[s]] === -1) {
        const size = op.shape[dim];
        if (size !== 1) {
          if (labelSize[s] !== 1 && labelSize[s] !== size)
            throw new RuntimeError(`einsum(): subscript ${labelOf(s)} has size ${size} for operand ${i} which does not broadcast with previously seen size ${labelSize[s]}`);
          labelSize[s] = size;
          dimCounts[permIndexOf[s]]++;
        }
        perm[permIndexOf[s]] = dim++;
      } else {
        const prev = perm[permIndexOf[s]];
        if (op.shape[dim] !== op.shape[prev])
          throw new RuntimeError(`einsum(): subscript ${labelOf(s)} is repeated for operand ${i} but the sizes don't match, ${op.shape[dim]} != ${op.shape[prev]}`);
        op = movedim(diagonal(op, 0, prev, dim), -1, prev);
      }
    }
    for (let k = 0; k < perm.length; k++) if (perm[k] === -1) { op = unsqueeze(op, dim); perm[k] = dim++; }
    return permute(op, perm);
  });

  // 4. contract left to right, summing each dim as soon as no later operand has it
  while (ops.length > 1) {
    let [a, b] = ops.splice(0, 2);
    const sumDims: number[] = [], aDims: number[] = [], bDims: number[] = [];
    for (let d = outNumDim; d < permIndex; d++) {
      if (a.shape[d] !== 1 && b.shape[d] !== 1) {
        if (--dimCounts[d] === 1) { sumDims.push(d); dimCounts[d] = 0; }
      } else if (dimCounts[d] === 1) {
        if (a.shape[d] !== 1) { aDims.push(d); dimCounts[d] = 0; } else if (b.shape[d] !== 1) { bDims.push(d); dimCounts[d] = 0; }
      }
    }
    if (aDims.length) a = sum(a, aDims, true);
    if (bDims.length) b = sum(b, bDims, true);
    ops.unshift(sumproductPair(a, b, sumDims));
  }
  if (permIndex === outNumDim) return ops[0];
  // what is left of the contracted dims has size 1 after a contraction; one operand sums them here
  if (numOps > 1) return view(ops[0], ops[0].shape.slice(0, outNumDim));
  return sum(ops[0], Array.from({ length: permIndex - outNumDim }, (_, k) => outNumDim + k));
}
