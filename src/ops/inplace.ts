// The in-place tensor methods (add_, sub_, mul_, div_, clamp_, relu_, zero_, fill_, copy_), bound as
// PyTorch binds them (add_/sub_'s deprecated `(Number alpha, Tensor other)` overload warns as 1.13's).
// An in-place op is its out-of-place op written back into the tensor's storage. Outside autograd
// it only bumps the version counter. Where the tensor is in a graph (or an operand requires grad)
// it is recorded as PyTorch records it: the op runs on a stand-in carrying the tensor's history
// (and, where the backward reads the old value, a copy of it, as PyTorch saves `original_self`),
// then its node becomes the tensor's grad_fn (through CopySlices for a view). Everything that can
// fail is checked before the first element is written.
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import { DType, bool, float32, int64 } from '../tensor/dtype.js';
import { NotImplementedError, RuntimeError, warn } from '../tensor/errors.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { builtin, noArgs, type Builtin } from '../tensor/args.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { record } from '../autograd/function.js';
import { checkInplace, rebaseHistory } from '../autograd/views.js';
import { addScaledFast, reluInto } from '../kernels/dispatch.js';
import * as E from './elementwise.js';
import { sumToShape } from './reduce.js';
import { forEachStrided } from '../tensor/strided.js';

export interface InplaceOp {
  /** The op's other operands: if one requires grad, the op is recorded. */
  operands?: readonly unknown[];
  /** Whether the backward reads the tensor's value from before the op (it then gets a copy). */
  readsSelf?: boolean;
  /** The op out of place on `input` (the tensor, or a stand-in with its history); it records itself. */
  compute: (input: Tensor) => Tensor;
  /** Writes into the tensor's storage directly where nothing is recorded; must check before writing. */
  direct?: () => void;
  /**
   * Where the tensor has elements sharing one memory location (an expanded dim), PyTorch refuses most
   * in-place ops; fill_ and zero_ write through (`true`), masked_fill_, index_fill_ and index_put_ warn
   * that it is deprecated (the op's name).
   */
  overlap?: true | 'masked_fill_' | 'index_fill_' | 'index_put_';
}

const OVERLAP = 'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';

/** at::has_internal_overlap's YES: a dim of more than one element with stride 0. */
function internalOverlap(t: Tensor): boolean {
  return t.shape.some((s, i) => s > 1 && t._strides[i] === 0);
}
function checkOverlap(self: Tensor, op: InplaceOp): void {
  if (op.overlap === true || !internalOverlap(self)) return;
  if (op.overlap === undefined) throw new RuntimeError(OVERLAP);
  warn(`Use of ${op.overlap} on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. ${op.overlap === 'index_put_' ? 'tensor[indices] = tensor' : 'tensor[mask] = scalar'}`);
}

/** Applies `op` to `self` in place (see the file header) and returns self. */
export function inplace(self: Tensor, op: InplaceOp): Tensor {
  const recorded = is_grad_enabled() && (self.requires_grad || (op.operands ?? []).some((o) => o instanceof Tensor && o.requires_grad));
  if (!recorded) {
    checkOverlap(self, op);
    if (op.direct) op.direct();
    else writeResult(self, op.compute(self));
    self._bumpVersion();
    return self;
  }
  checkInplace(self);
  checkOverlap(self, op);
  const r = op.compute(standIn(self, !!op.readsSelf));
  writeResult(self, r);
  self._bumpVersion();
  const fn = r.grad_fn;
  if (fn) {
    fn._rebindSaved(r, self); // an op that saved its result saved what is now self
    rebaseHistory(self, fn);
  }
  return self;
}

/** A tensor with self's history (so the op's node takes self's old grad_fn as its input edge), never written. */
function standIn(self: Tensor, copy: boolean): Tensor {
  const t = new Tensor(copy ? self._data.slice() : self._data, self.shape, self.dtype);
  const fn = self.grad_fn;
  if (fn) t._setGradFn(fn);
  return t;
}

/** Whether a result of dtype `from` may be written into a tensor of dtype `to` (c10::canCast). */
function canCast(from: DType, to: DType): boolean {
  return !(from.is_floating_point && !to.is_floating_point) && !(from !== bool && to === bool);
}
function checkShape(self: Tensor, shape: readonly number[]): void {
  if (!sameShape(shape, self.shape))
    throw new RuntimeError(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
}
/** Stores an op's result into self's storage, after checking that it fits. */
function writeResult(self: Tensor, r: Tensor): void {
  checkShape(self, r.shape);
  if (!canCast(r.dtype, self.dtype))
    throw new RuntimeError(`result type ${r.dtype.scalarName} can't be cast to the desired output type ${self.dtype.scalarName}`);
  const values = r.dtype === self.dtype ? r._data : E.cast(r, self.dtype)._data;
  if (internalOverlap(self)) writeChanged(self, values);
  else self._write(values);
}

/**
 * Into a tensor whose elements share memory (an expanded dim: masked_fill_, index_fill_ and
 * index_put_ warn and write): only the elements the op changed, as PyTorch writes only those, so
 * that an untouched alias does not put its old value back over a changed one.
 */
function writeChanged(self: Tensor, values: ArrayLike<number>): void {
  const storage = self._storage, positions: number[] = [];
  forEachStrided(self.shape, self._strides, self._offset, (p) => { positions.push(p); });
  const before = positions.map((p) => storage[p]); // every old value first: the writes alias
  positions.forEach((p, k) => { if (!Object.is(values[k], before[k])) storage[p] = values[k]; });
}

// ---- the methods' signatures, as PyTorch's Python bindings declare them ----
const alphaOp = (name: string): Builtin =>
  builtin(`${name}(Tensor other, *, Number alpha=1)`, [`${name}(Number alpha, Tensor other)`], { numbersAsTensors: true });
const P = {
  add_: alphaOp('add_'), sub_: alphaOp('sub_'),
  mul_: builtin('mul_(Tensor other)', [], { numbersAsTensors: true }),
  div_: builtin(['div_(Tensor other)', 'div_(Tensor other, *, str? rounding_mode)', 'div_(Number other, *, str? rounding_mode)'], [], { numbersAsTensors: true }),
  clamp_: builtin(['clamp_(Tensor? min=None, Tensor? max=None)', 'clamp_(Number? min=None, Number? max=None)']),
  fill_: builtin(['fill_(Tensor value)', 'fill_(Number value)']),
  copy_: builtin('copy_(Tensor other, bool non_blocking=False)', ['copy_(Tensor other, bool async=False)'], { numbersAsTensors: true }),
};
type Arith = typeof E.add;

export function add_(self: Tensor, args: unknown[]): Tensor { return arith_(E.add, P.add_, self, args, true); }
export function sub_(self: Tensor, args: unknown[]): Tensor { return arith_(E.sub, P.sub_, self, args); }
function arith_(op: Arith, sig: Builtin, self: Tensor, args: unknown[], isAdd = false): Tensor {
  const [v] = sig.parse(args), other = v.other as TensorOrScalar, alpha = v.alpha as number;
  // float32 x.add_(y, {alpha}) of one shape, y in other storage (an optimizer's `p.data.add_(p.grad,
  // {alpha: -lr})`): written into x by the WebAssembly kernel where both live in the memory, the
  // same bits as E.add's
  const direct = isAdd && typeof alpha === 'number' && other instanceof Tensor && self.dtype === float32 && other.dtype === float32
    && other._storage !== self._storage && self.is_contiguous() && sameShape(self.shape, other.shape) && self.numel() >= E.ADD_KERNEL_MIN
    ? (): void => { if (!addScaledFast(self._data, other._data, self._data, alpha)) writeResult(self, op(self, other, { alpha })); } : undefined;
  return inplace(self, { operands: [other], compute: (x) => op(x, other, { alpha }), direct });
}

export function mul_(self: Tensor, args: unknown[]): Tensor {
  const other = P.mul_.parse(args)[0].other as TensorOrScalar;
  // d/d(other) reads self from before the op
  return inplace(self, { operands: [other], readsSelf: other instanceof Tensor && other.requires_grad, compute: (x) => E.mul(x, other) });
}

export function div_(self: Tensor, args: unknown[]): Tensor {
  const [v] = P.div_.parse(args), other = v.other as TensorOrScalar;
  const mode = (v.rounding_mode ?? null) as E.RoundingMode;
  return inplace(self, {
    operands: [other], readsSelf: mode === null && other instanceof Tensor && other.requires_grad,
    compute: (x) => E.div(x, other, mode),
  });
}

/** C++ type names, which clamp's own cast check prints. */
const CXX_NAMES: Record<string, string> = { Float: 'float', Double: 'double', Long: 'long int', Bool: 'bool' };

export function clamp_(self: Tensor, args: unknown[]): Tensor {
  const [values, index] = P.clamp_.parse(args);
  if (index === 0 && (values.min instanceof Tensor || values.max instanceof Tensor))
    throw new NotImplementedError('clamp_(): torchlet supports numbers (not tensors) as bounds');
  const min = values.min as number | null, max = values.max as number | null;
  if (min === null && max === null) throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  // the result type of (self, min, max): a float bound makes an integral tensor's result Float
  const bounds = [min, max].filter((b): b is number => b !== null);
  const rt = self.dtype.is_floating_point ? self.dtype : bounds.some((b) => !Number.isInteger(b)) ? DType.float32 : int64;
  if (!canCast(rt, self.dtype))
    throw new RuntimeError(`result type ${rt.scalarName} can't be cast to the desired output type ${CXX_NAMES[self.dtype.scalarName]}`);
  return inplace(self, { readsSelf: true, compute: (x) => E.clamp(x, min, max) });
}

export function relu_(self: Tensor, args: unknown[]): Tensor {
  noArgs('_TensorBase.relu_', args);
  return reluInplace(self);
}
/** torch.relu_ (F.relu(x, {inplace: true}), nn.ReLU(true)). */
export function reluInplace(self: Tensor): Tensor {
  if (self.dtype === bool) throw new RuntimeError('Boolean inputs not supported for relu');
  // a contiguous tensor's _data is its storage (or a subarray of it): the kernel writes it in place
  return inplace(self, { compute: (x) => E.relu(x), direct: self.is_contiguous() ? () => reluInto(self._data, self._data) : undefined });
}

/**
 * The in-place unary math methods (x.exp_(), x.sigmoid_(), ...): the out-of-place method on a
 * stand-in written back, recorded as PyTorch records it (the stand-in keeps the old values, which
 * some backwards read); an integral tensor whose result is float raises 1.13's cast error.
 */
export function unary_(name: string, self: Tensor, args: unknown[], op: (x: Tensor) => Tensor): Tensor {
  noArgs(`_TensorBase.${name}`, args);
  return inplace(self, { readsSelf: true, compute: op });
}

export function zero_(self: Tensor, args: unknown[]): Tensor {
  noArgs('_TensorBase.zero_', args);
  return inplace(self, {
    compute: (x) => record(E.zerosOf(x), 'ZeroBackward0', [x], (g) => [E.zerosOf(g)], false),
    direct: () => self._fill(0),
    overlap: true,
  });
}

export function fill_(self: Tensor, args: unknown[]): Tensor {
  const value = P.fill_.parse(args)[0].value as number | Tensor;
  if (value instanceof Tensor && value.ndim !== 0)
    throw new RuntimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
  const v = self.dtype.scalar(value instanceof Tensor ? value.item() : Number(value)); // refuses what the dtype cannot hold
  const filled = (x: Tensor): Tensor => new Tensor(x.dtype.alloc(x.numel()).fill(v), x.shape, x.dtype);
  return inplace(self, {
    operands: [value],
    compute: value instanceof Tensor
      ? (x) => record(filled(x), 'FillBackward3', [x, value], (g) => [E.zerosOf(g), E.cast(sumToShape(g, []), value.dtype)], false)
      : (x) => record(filled(x), 'FillBackward2', [x], (g) => [E.zerosOf(g)], false),
    direct: () => self._fill(v),
    overlap: true,
  });
}

export function copy_(self: Tensor, args: unknown[]): Tensor {
  const given = P.copy_.parse(args)[0].other as TensorOrScalar;
  const dt = typeof given === 'number' && !Number.isInteger(given) ? DType.float32 : int64;
  return copyFrom(self, given instanceof Tensor ? given : new Tensor(dt.alloc(1).fill(Number(given)), [], dt));
}
/** self.copy_(src): src broadcast and cast into self (CopyBackwards). */
export function copyFrom(self: Tensor, src: Tensor, overlap?: true): Tensor {
  checkShape(self, broadcastShapes(self.shape, src.shape));
  return inplace(self, {
    overlap,
    operands: [src],
    compute: (x) => record(E.broadcastCast(src, x.shape, x.dtype), 'torch::autograd::CopyBackwards', [x, src],
      (g) => [E.zerosOf(g), src.requires_grad ? E.cast(sumToShape(g, src.shape), src.dtype) : null], false),
    direct: () => self._write(E.broadcastCast(src, self.shape, self.dtype)._data),
  });
}
