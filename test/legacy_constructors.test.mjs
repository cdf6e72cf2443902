// torch.FloatTensor, LongTensor, ... (1.13's legacy constructors), as older PyTorch programs call
// them. The expected reprs and messages are what PyTorch 1.13 prints for the same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'torchlet';

const err = (fn) => { try { fn(); } catch (e) { return `${e.name}: ${e.message}`; } return null; };

test('legacy constructors: data, sizes, nothing, a tensor of the type', () => {
  assert.equal(String(torch.LongTensor([1.7, -2.5])), 'tensor([ 1, -2])');
  assert.equal(String(torch.LongTensor()), 'tensor([], dtype=torch.int64)');
  assert.deepEqual(torch.LongTensor(2, 3).shape, [2, 3]);
  assert.equal(torch.LongTensor(2, 3).dtype, torch.int64);
  assert.equal(String(torch.FloatTensor([1, 2])), 'tensor([1., 2.])');
  assert.equal(String(torch.BoolTensor([1, 0])), 'tensor([ True, False])');
  assert.equal(String(torch.DoubleTensor([[1], [2]])), 'tensor([[1.],\n        [2.]], dtype=torch.float64)');
  assert.equal(torch.ByteTensor([1, 2]).dtype, torch.uint8);
  assert.equal(torch.IntTensor([1]).dtype, torch.int32);
  assert.equal(torch.ShortTensor([1]).dtype, torch.int16);
  assert.equal(torch.CharTensor([1]).dtype, torch.int8);
  const t = torch.ones(2);
  assert.equal(torch.FloatTensor(t), t);
});

test('legacy constructors: PyTorch 1.13\'s errors', () => {
  assert.equal(err(() => torch.LongTensor([1, 'a'])), "TypeError: 'str' object cannot be interpreted as an integer");
  assert.equal(err(() => torch.LongTensor(2, 'a')), "TypeError: new(): argument 'size' must be tuple of ints, but found element of type str at pos 2");
  assert.equal(err(() => torch.LongTensor(-1)), 'RuntimeError: Trying to create tensor with negative dimension -1: [-1]');
  assert.equal(err(() => torch.FloatTensor(torch.ones(2, { dtype: torch.float64 }))),
    'TypeError: expected TensorOptions(dtype=float, device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt)) ' +
    '(got TensorOptions(dtype=double, device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt)))');
  assert.equal(err(() => torch.LongTensor([1], { dtype: torch.float })),
    'TypeError: new() received an invalid combination of arguments - got (list, dtype=torch.dtype), but expected one of:\n' +
    ' * (*, torch.device device)\n      didn\'t match because some of the keywords were incorrect: dtype\n' +
    ' * (torch.Storage storage)\n * (Tensor other)\n * (tuple of ints size, *, torch.device device)\n * (object data, *, torch.device device)\n');
});
