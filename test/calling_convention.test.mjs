// Python's calling convention across the public API: every argument Python takes by keyword may
// travel in a trailing options object (and gives the same result as its positional spelling), and
// badly bound calls raise PyTorch's (or CPython's) TypeError with its text. The expected messages
// come from PyTorch 1.13 (tools/gen_calling_convention.py -> test/fixtures/calling_convention.json).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { datasets, transforms, save_file, load_file, serialize, deserialize, deserialize_with_metadata } from 'torchlet/node';

const { nn, optim } = torch;
const F = nn.functional;
const D = torch.utils.data;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/calling_convention.json', import.meta.url), 'utf8'));

torch.setWarningHandler(() => {});
torch.manual_seed(0);
const x = torch.randn(2, 3);
const x4 = torch.randn(1, 1, 4, 4);
const t = torch.tensor([0, 1]);
const p = new nn.Parameter(torch.randn(2));
const opt = new optim.SGD([p], 0.1);
const sched = new optim.lr_scheduler.StepLR(opt, 1);
const lin = new nn.Linear(3, 2);
const ds = new D.TensorDataset(x);

/** The JavaScript spelling of each Python call in the fixture (same id). */
const CALLS = {
  argmax_method_surplus: () => x.argmax(1, true, 5),
  argmax_surplus: () => torch.argmax(x, 1, true, 5),
  argmax_unknown_kw: () => x.argmax({ dim: 1, foo: 1 }),
  argmax_multiple: () => torch.argmax(x, 1, { dim: 1 }),
  argmax_missing: () => torch.argmax(),
  argmax_dim_float: () => x.argmax(1.5),
  argmax_dim_kw_float: () => x.argmax({ dim: 1.5 }),
  argmax_keepdim_none: () => x.argmax(null, null),
  argmax_dim_bool: () => x.argmax(true),
  randn_unknown_kw: () => torch.randn(3, { foo: 1 }),
  randn_nothing: () => torch.randn(),
  randn_varargs_str: () => torch.randn(3, 'a'),
  randn_list_float: () => torch.randn([2, 2.5]),
  randn_float: () => torch.randn(2.5),
  zeros_str: () => torch.zeros('a'),
  zeros_list_str: () => torch.zeros([2, 'a']),
  randint_no_size: () => torch.randint(10),
  randint_only_size: () => torch.randint({ size: [2] }),
  randint_high_float: () => torch.randint(2.5, [2]),
  randint_size_int: () => torch.randint(10, 2),
  randperm_float: () => torch.randperm(2.5),
  full_size_int: () => torch.full(2, 3),
  ones_size_kw_int: () => torch.ones({ size: 2 }),
  arange_surplus: () => torch.arange(0, 5, 1, 2),
  arange_step_kw: () => torch.arange(4, { step: 2 }),
  zeros_like_surplus: () => torch.zeros_like(x, torch.float64),
  full_like_missing: () => torch.full_like(x),
  tensor_surplus: () => torch.tensor([1], torch.float32),
  tensor_unknown_kw: () => torch.tensor([1], { foo: 1 }),
  sum_dtype_positional: () => x.sum(1, true, torch.float64),
  sum_dim_float: () => x.sum(0.5),
  sum_list_float: () => torch.sum(x, [0, 1.5]),
  sum_keepdim_none: () => torch.sum(x, null, null),
  add_three: () => x.add(1, 2, 3),
  add_unknown_kw: () => x.add(x, { alpha: 2, beta: 3 }),
  add_nothing: () => x.add(),
  mul_surplus: () => x.mul(2, 3),
  div_rounding_positional: () => x.div(x, 'floor'),
  eq_surplus: () => x.eq(1, 2),
  clamp_surplus: () => x.clamp(0, 1, 2),
  maximum_surplus: () => x.maximum(x, x),
  matmul_surplus: () => x.matmul(x, x),
  mm_missing: () => x.mm(),
  view_varargs_float: () => x.view(2, -1, 1.5),
  view_nothing: () => x.view(),
  reshape_fn_int: () => torch.reshape(x, 6),
  permute_fn_varargs: () => torch.permute(x, 1, 0),
  permute_varargs_str: () => x.permute(1, 'a'),
  transpose_one: () => x.transpose(0),
  transpose_float: () => torch.transpose(x, 0, 1.5),
  flatten_surplus: () => torch.flatten(x, 0, 1, 2),
  squeeze_kw: () => x.squeeze({ foo: 0 }),
  unsqueeze_float: () => x.unsqueeze(1.5),
  narrow_missing: () => torch.narrow(x, 0),
  select_surplus: () => x.select(0, 1, 2),
  index_select_kw: () => x.index_select(0, t, { foo: 1 }),
  gather_missing: () => x.gather(1),
  size_two: () => x.size(1, 2),
  max_float: () => x.max(1.5),
  cat_element: () => torch.cat([x, 1]),
  cat_tensor: () => torch.cat(x),
  cat_surplus: () => torch.cat([x, x], 1, 2),
  stack_surplus: () => torch.stack([x, x], 1, 2),
  to_surplus: () => x.to(torch.float64, false, false, 3),
  to_unknown_kw: () => x.to({ other: x }),
  float_surplus: () => x.float(1),
  clone_positional: () => x.clone(1),
  contiguous_surplus: () => x.contiguous(1),
  dim_arg: () => x.dim(1),
  item_kw: () => x.item({ foo: 1 }),
  neg_arg: () => x.neg(1),
  t_arg: () => x.t(1),
  requires_grad_int: () => x.requires_grad_(1),
  expand_str: () => x.expand(2, 'a'),
  view_as_surplus: () => x.view_as(x, 1),
  pow_fn_nothing: () => torch.pow(),
  where_surplus: () => torch.where(x.gt(0), x, x, x),
  promote_types_surplus: () => torch.promote_types(torch.float32, torch.int64, 1),
  generator_surplus: () => new torch.Generator('cpu', 1),
  generator_unknown_kw: () => new torch.Generator({ device: 'cpu', foo: 1 }),
  generator_float: () => new torch.Generator(5.5),
  generator_manual_seed_nothing: () => new torch.Generator().manual_seed(),
  generator_manual_seed_kw: () => new torch.Generator().manual_seed({ seed: 1 }),
  generator_manual_seed_float: () => new torch.Generator().manual_seed(1.5),
  generator_initial_seed_arg: () => new torch.Generator().initial_seed(1),
  manual_seed_surplus: () => torch.manual_seed(1, 2),
  manual_seed_missing: () => torch.manual_seed(),
  initial_seed_arg: () => torch.initial_seed(1),
  set_printoptions_surplus: () => torch.set_printoptions(4, 1000, 3, 80, 'default', false, 5),
  set_printoptions_unknown_kw: () => torch.set_printoptions({ foo: 1 }),
  set_grad_enabled_surplus: () => torch.set_grad_enabled(true, 1),
  is_grad_enabled_arg: () => torch.is_grad_enabled(1),
  device_surplus: () => torch.device('cpu', 0, 1),
  movedim_one: () => x.movedim(0),
  unbind_surplus: () => torch.unbind(x, 0, 1),
  masked_fill_missing: () => x.masked_fill(x.gt(0)),
  stride_two: () => x.stride(1, 2),
  split_missing: () => torch.split(x),
  split_method_missing: () => x.split(),
  unflatten_method_missing: () => x.unflatten(1),
  nonzero_method_positional: () => x.nonzero(1),
  index_put_missing: () => x.index_put([t]),
  diagonal_surplus: () => torch.diagonal(x, 0, 0, 1, 2),
  chunk_missing: () => x.chunk(),
  swapaxes_missing: () => torch.swapaxes(x, 0),
  unfold_missing: () => x.unfold(0, 1),
  as_strided_missing: () => torch.as_strided(x, [2]),
  broadcast_to_missing: () => torch.broadcast_to(x),
  masked_select_missing: () => torch.masked_select(x),
  index_add_missing: () => x.index_add(0, t),
  index_fill__missing: () => x.index_fill_(0, t),
  where_two: () => torch.where(x.gt(0), x),
  masked_fill__surplus: () => x.masked_fill_(x.gt(0), 1, 2),
  nonzero_surplus: () => torch.nonzero(x, true),
  relu_surplus: () => F.relu(x, false, 3),
  relu_unknown_kw: () => F.relu(x, { foo: 3 }),
  relu_missing: () => F.relu(),
  relu_multiple: () => F.relu(x, { input: x }),
  nll_loss_surplus: () => F.nll_loss(x, t, null, null, -100, null, 'mean', 3),
  nll_loss_missing: () => F.nll_loss(),
  nll_loss_unknown_kw: () => F.nll_loss(x, t, { wieght: null }),
  nll_loss_input_float: () => F.nll_loss(1.5, t),
  nll_loss_weight_float: () => F.nll_loss(x, t, 1.5),
  cross_entropy_surplus: () => F.cross_entropy(x, t, null, null, -100, null, 'mean', 0.0, 1),
  cross_entropy_input_float: () => F.cross_entropy(1.5, t),
  log_softmax_surplus: () => F.log_softmax(x, 1, 3, null, 5),
  softmax_unknown_kw: () => F.softmax(x, 1, { foo: 1 }),
  poisson_nll_loss_unknown_kw: () => F.poisson_nll_loss(x, x, { foo: 1 }),
  gaussian_nll_loss_missing: () => F.gaussian_nll_loss(x, x),
  kl_div_surplus: () => F.kl_div(x, x, null, null, 'mean', false, 1),
  binary_cross_entropy_surplus: () => F.binary_cross_entropy(x, x, null, null, null, 'mean', 1),
  bce_with_logits_unknown_kw: () => F.binary_cross_entropy_with_logits(x, x, { foo: 1 }),
  linear_surplus: () => F.linear(x, x, null, 1),
  linear_missing: () => F.linear(),
  linear_input_float: () => F.linear(1.5, x),
  conv2d_unknown_kw: () => F.conv2d({ foo: 1 }),
  max_pool2d_unknown_kw: () => F.max_pool2d(x4, 2, { foo: 1 }),
  max_pool2d_surplus: () => F.max_pool2d(x4, 2, 2, 0, 1, false, false, 1),
  max_pool2d_with_indices_missing: () => F.max_pool2d_with_indices(x4),
  dropout_surplus: () => F.dropout(x, 0.5, true, false, 1),
  dropout2d_unknown_kw: () => F.dropout2d(x4, { foo: 1 }),
  linear_module_missing_one: () => new nn.Linear(2),
  linear_module_missing_two: () => new nn.Linear(),
  linear_module_surplus: () => new nn.Linear(1, 2, 3, 4, 5, 6),
  linear_module_multiple: () => new nn.Linear(2, 3, { in_features: 2 }),
  linear_module_size_str: () => new nn.Linear('a', 2),
  linear_forward_surplus: () => lin.forward(x, 1),
  conv2d_module_surplus: () => new nn.Conv2d(1, 2, 3, 1, 0, 1, 1, true, 'zeros', null, null, 5),
  conv2d_module_missing: () => new nn.Conv2d(1, 2),
  maxpool_module_missing: () => new nn.MaxPool2d(),
  maxpool_module_surplus: () => new nn.MaxPool2d(2, 2, 0, 1, false, false, 1),
  dropout_module_surplus: () => new nn.Dropout(0.5, false, 1),
  flatten_module_surplus: () => new nn.Flatten(1, 2, 3),
  log_softmax_module_surplus: () => new nn.LogSoftmax(1, 2),
  relu_module_surplus: () => new nn.ReLU(true, 1),
  relu_forward_surplus: () => new nn.ReLU().forward(x, 1),
  sequential_unknown_kw: () => new nn.Sequential({ a: 1 }),
  sequential_not_module: () => new nn.Sequential(1),
  nll_loss_module_surplus: () => new nn.NLLLoss(null, null, -100, null, 'mean', 1),
  nll_loss_forward_missing: () => new nn.NLLLoss().forward(x),
  cross_entropy_module_unknown_kw: () => new nn.CrossEntropyLoss({ foo: 1 }),
  poisson_module_surplus: () => new nn.PoissonNLLLoss(true, false, null, 1e-8, null, 'mean', 1),
  gaussian_module_positional: () => new nn.GaussianNLLLoss(true),
  gaussian_forward_missing: () => new nn.GaussianNLLLoss().forward(x, x),
  kl_div_module_surplus: () => new nn.KLDivLoss(null, null, 'mean', false, 1),
  bce_module_surplus: () => new nn.BCELoss(null, null, null, 'mean', 1),
  bce_logits_module_surplus: () => new nn.BCEWithLogitsLoss(null, null, null, 'mean', null, 1),
  module_parameters_surplus: () => lin.parameters(true, 1),
  module_named_parameters_surplus: () => lin.named_parameters('', true, 1),
  module_state_dict_unknown_kw: () => lin.state_dict({ foo: 1 }),
  module_load_state_dict_missing: () => lin.load_state_dict(),
  module_eval_arg: () => lin.eval(1),
  module_train_surplus: () => lin.train(true, 1),
  module_zero_grad_surplus: () => lin.zero_grad(false, 2),
  module_register_buffer_missing: () => lin.register_buffer('a'),
  module_requires_grad_surplus: () => lin.requires_grad_(true, 1),
  module_to_unknown_kw: () => lin.to({ foo: 1 }),
  module_cpu_arg: () => lin.cpu(1),
  module_children_arg: () => lin.children(1),
  module_named_modules_surplus: () => lin.named_modules(null, '', true, 1),
  module_buffers_surplus: () => lin.buffers(true, 1),
  module_add_module_missing: () => lin.add_module('a'),
  sequential_append_missing: () => new nn.Sequential(new nn.ReLU()).append(),
  parameter_surplus: () => new nn.Parameter(x, true, 1),
  parameter_unknown_kw: () => new nn.Parameter({ foo: 1 }),
  init_uniform_surplus: () => nn.init.uniform_(x, 0, 1, 2),
  init_normal_unknown_kw: () => nn.init.normal_(x, { foo: 1 }),
  init_constant_missing: () => nn.init.constant_(x),
  init_ones_surplus: () => nn.init.ones_(x, 1),
  init_eye_surplus: () => nn.init.eye_(x, 1),
  init_kaiming_uniform_surplus: () => nn.init.kaiming_uniform_(x, 0, 'fan_in', 'leaky_relu', 1),
  init_xavier_normal_unknown_kw: () => nn.init.xavier_normal_(x, { foo: 1 }),
  init_calculate_gain_surplus: () => nn.init.calculate_gain('relu', 1, 2),
  sgd_surplus: () => new optim.SGD([p], 0.1, 0, 0, 0, false, false),
  sgd_unknown_kw: () => new optim.SGD([p], 0.1, { maximize: true, foo: 1 }),
  sgd_multiple: () => new optim.SGD([p], 0.1, { lr: 0.2 }),
  sgd_missing: () => new optim.SGD(),
  adam_surplus: () => new optim.Adam([p], 0.1, [0.9, 0.99], 1e-8, 0, false, 1),
  adamw_unknown_kw: () => new optim.AdamW([p], { foo: 1 }),
  adadelta_surplus: () => new optim.Adadelta([p], 1.0, 0.9, 1e-6, 0, null, 1),
  optimizer_zero_grad_surplus: () => opt.zero_grad(true, 3),
  optimizer_step_surplus: () => opt.step(null, 3),
  optimizer_add_param_group_missing: () => opt.add_param_group(),
  optimizer_state_dict_arg: () => opt.state_dict(1),
  optimizer_load_state_dict_missing: () => opt.load_state_dict(),
  steplr_surplus: () => new optim.lr_scheduler.StepLR(opt, 1, 0.1, -1, false, 1),
  exponentiallr_missing: () => new optim.lr_scheduler.ExponentialLR(opt),
  cosine_unknown_kw: () => new optim.lr_scheduler.CosineAnnealingLR(opt, 10, { foo: 1 }),
  scheduler_step_surplus: () => sched.step(1, 2),
  scheduler_get_last_lr_arg: () => sched.get_last_lr(1),
  scheduler_load_state_dict_missing: () => sched.load_state_dict(),
  dataloader_missing: () => new D.DataLoader(),
  dataloader_surplus: () => new D.DataLoader(ds, 1, false, null, null, 0, null, false, false, 0, null, null, null, 1),
  dataloader_multiple: () => new D.DataLoader(ds, 2, { batch_size: 2 }),
  tensor_dataset_unknown_kw: () => new D.TensorDataset(x, { foo: 1 }),
  subset_missing: () => new D.Subset(ds),
  concat_dataset_surplus: () => new D.ConcatDataset([ds], 1),
  random_split_missing: () => D.random_split(ds),
  sequential_sampler_surplus: () => new D.SequentialSampler(ds, 1),
  random_sampler_unknown_kw: () => new D.RandomSampler(ds, { foo: 1 }),
  batch_sampler_missing: () => new D.BatchSampler([0, 1], 2),
  default_collate_surplus: () => D.default_collate([1], 2),
  mnist_surplus: () => new datasets.MNIST('/nonexistent', true, null, null, false, 1),
  mnist_missing: () => new datasets.MNIST(),
  compose_missing: () => new transforms.Compose(),
  to_tensor_surplus: () => new transforms.ToTensor(1),
  normalize_missing: () => new transforms.Normalize(0.5),
  normalize_unknown_kw: () => new transforms.Normalize(0.5, 0.5, { foo: 1 }),
  normalize_call_surplus: () => new transforms.Normalize(0.5, 0.5).__call__(x, 1),
  lambda_surplus: () => new transforms.Lambda(Math.abs, 1),
  serialize_missing: () => serialize(),
  save_file_surplus: () => save_file({}, 'f', null, 1),
  load_file_unknown_kw: () => load_file('f', { foo: 1 }),
  deserialize_surplus: () => deserialize(new Uint8Array(0), 'n', 1),
  from_typed_missing: () => torch.from_typed(new Float32Array(1)),
};

test('the fixture and the JavaScript calls name the same cases', () => {
  assert.deepEqual(Object.keys(CALLS).sort(), Object.keys(fixture.cases).sort());
});

test("badly bound calls raise PyTorch's errors with its text", () => {
  for (const [id, want] of Object.entries(fixture.cases)) {
    assert.throws(CALLS[id], (e) => {
      assert.equal(`${e.name}: ${e.message}`, `${want.type}: ${want.message}`, `${id}: ${want.python}`);
      return true;
    }, `${id}: ${want.python} must throw`);
  }
});

/** Tensors (and nests of them) compared by dtype, shape and every value. */
function same(a, b, what) {
  if (a instanceof torch.Tensor) {
    assert.ok(b instanceof torch.Tensor, `${what}: not a tensor`);
    assert.equal(String(b.dtype), String(a.dtype), `${what}: dtype`);
    assert.deepEqual(b.shape, a.shape, `${what}: shape`);
    assert.deepEqual(Array.from(b._data), Array.from(a._data), `${what}: values`);
  } else if (a && typeof a === 'object' && Symbol.iterator in a) {
    const ia = [...a], ib = [...b];
    assert.equal(ib.length, ia.length, `${what}: length`);
    ia.forEach((e, i) => same(e, ib[i], `${what}[${i}]`));
  } else assert.deepEqual(b, a, what);
}
/** Runs fn after seeding, so that random calls can be compared. */
const seeded = (fn) => () => { torch.manual_seed(7); return fn(); };

// [what, positional spelling, keyword spelling]
const SPELLINGS = [
  ['torch.argmax', () => torch.argmax(x, 1), () => torch.argmax(x, { dim: 1 })],
  ['Tensor.argmax', () => x.argmax(1, true), () => x.argmax({ dim: 1, keepdim: true })],
  ['torch.argmin', () => torch.argmin(x, 0, true), () => torch.argmin({ input: x, dim: 0, keepdim: true })],
  ['Tensor.sum', () => x.sum([0, 1], false), () => x.sum({ dim: [0, 1], keepdim: false })],
  ['torch.sum (numpy names)', () => torch.sum(x, 1, true), () => torch.sum(x, { axis: 1, keepdims: true })],
  ['torch.mean dtype', () => torch.mean(x, 1, false, { dtype: torch.float64 }), () => torch.mean(x, { dim: 1, dtype: torch.float64 })],
  ['Tensor.max dim', () => x.max(1, true), () => x.max({ dim: 1, keepdim: true })],
  ['torch.min other', () => torch.min(x, x.neg()), () => torch.min(x, { other: x.neg() })],
  ['torch.add alpha', () => torch.add(x, x, { alpha: 2 }), () => torch.add({ input: x, other: x, alpha: 2 })],
  ['Tensor.sub', () => x.sub(1), () => x.sub({ other: 1 })],
  ['Tensor.mul', () => x.mul(x), () => x.mul({ other: x })],
  ['torch.div rounding_mode', () => torch.div(torch.tensor([5, -7]), 2, { rounding_mode: 'floor' }), () => torch.div({ input: torch.tensor([5, -7]), other: 2, rounding_mode: 'floor' })],
  ['Tensor.pow', () => x.pow(2), () => x.pow({ exponent: 2 })],
  ['torch.pow number base', () => torch.pow(2, torch.tensor([1, 2])), () => torch.pow({ self: 2, exponent: torch.tensor([1, 2]) })],
  ['Tensor.clamp', () => x.clamp(null, 0.5), () => x.clamp({ max: 0.5 })],
  ['torch.clamp_min', () => torch.clamp_min(x, 0), () => torch.clamp_min(x, { min: 0 })],
  ['torch.maximum', () => torch.maximum(x, x.neg()), () => torch.maximum({ input: x, other: x.neg() })],
  ['torch.where', () => torch.where(x.gt(0), x, 0), () => torch.where({ condition: x.gt(0), input: x, other: 0 })],
  ['Tensor.eq', () => x.eq(x), () => x.eq({ other: x })],
  ['torch.exp', () => torch.exp(x), () => torch.exp({ input: x })],
  ['torch.reshape', () => torch.reshape(x, [3, 2]), () => torch.reshape(x, { shape: [3, 2] })],
  ['Tensor.reshape varargs', () => x.reshape(3, 2), () => x.reshape([3, 2])],
  ['Tensor.view', () => x.view(-1), () => x.view({ size: [-1] })],
  ['Tensor.flatten', () => x4.flatten(1, 2), () => x4.flatten({ start_dim: 1, end_dim: 2 })],
  ['torch.squeeze', () => torch.squeeze(x4, 0), () => torch.squeeze(x4, { dim: 0 })],
  ['Tensor.unsqueeze', () => x.unsqueeze(1), () => x.unsqueeze({ dim: 1 })],
  ['Tensor.permute', () => x.permute(1, 0), () => x.permute({ dims: [1, 0] })],
  ['torch.transpose', () => torch.transpose(x, 0, 1), () => torch.transpose(x, { dim0: 0, dim1: 1 })],
  ['Tensor.narrow', () => x.narrow(1, 1, 2), () => x.narrow({ dim: 1, start: 1, length: 2 })],
  ['torch.select', () => torch.select(x, 1, 2), () => torch.select(x, 1, { index: 2 })],
  ['Tensor.index_select', () => x.index_select(1, t), () => x.index_select({ dim: 1, index: t })],
  ['torch.gather', () => torch.gather(x, 1, torch.tensor([[0], [2]])), () => torch.gather(x, { dim: 1, index: torch.tensor([[0], [2]]), sparse_grad: false })],
  ['Tensor.expand', () => torch.ones(1, 3).expand(2, 3), () => torch.ones(1, 3).expand({ size: [2, 3] })],
  ['torch.matmul', () => torch.matmul(x, x.t()), () => torch.matmul({ input: x, other: x.t() })],
  ['torch.mm', () => torch.mm(x, x.t()), () => torch.mm(x, { mat2: x.t() })],
  ['torch.cat', () => torch.cat([x, x], 1), () => torch.cat({ tensors: [x, x], dim: 1 })],
  ['torch.stack', () => torch.stack([x, x], 1), () => torch.stack([x, x], { dim: 1 })],
  ['Tensor.to', () => x.to(torch.float64), () => x.to({ dtype: torch.float64 })],
  ['Tensor.to device and dtype', () => x.to('cpu', torch.float64), () => x.to({ device: 'cpu', dtype: torch.float64 })],
  ['Tensor.type', () => x.type(torch.float64), () => x.type({ dtype: torch.float64 })],
  ['Tensor.size', () => x.size(1), () => x.size({ dim: 1 })],
  ['Tensor.requires_grad_', () => x.clone().requires_grad_(false).requires_grad, () => x.clone().requires_grad_({ requires_grad: false }).requires_grad],
  ['torch.promote_types', () => torch.promote_types(torch.int64, torch.float32), () => torch.promote_types({ type1: torch.int64, type2: torch.float32 })],
  ['torch.tensor', () => torch.tensor([1, 2]).to(torch.float64), () => torch.tensor({ data: [1, 2], dtype: torch.float64 })],
  ['torch.zeros sizes', () => torch.zeros(2, 3), () => torch.zeros({ size: [2, 3] })],
  ['torch.full', () => torch.full([2], 1.5), () => torch.full({ size: [2], fill_value: 1.5 })],
  ['torch.arange', () => torch.arange(1, 7, 2), () => torch.arange({ start: 1, end: 7, step: 2 })],
  ['torch.randn varargs / list', seeded(() => torch.randn(3, 5)), seeded(() => torch.randn([3, 5]))],
  ['torch.randn size keyword', seeded(() => torch.randn(3, 5)), seeded(() => torch.randn({ size: [3, 5] }))],
  ['torch.rand generator', () => torch.rand(4, { generator: new torch.Generator().manual_seed(3) }), () => torch.rand({ size: [4], generator: new torch.Generator({ device: 'cpu' }).manual_seed(3) })],
  ['torch.randint(high, size)', seeded(() => torch.randint(10, [1])), seeded(() => torch.randint(10, { size: [1] }))],
  ['torch.randint(low, high, size)', seeded(() => torch.randint(0, 10, [2, 3])), seeded(() => torch.randint({ low: 0, high: 10, size: [2, 3] }))],
  ['torch.randperm', seeded(() => torch.randperm(6)), seeded(() => torch.randperm({ n: 6 }))],
  ['torch.zeros_like', () => torch.zeros_like(x, { dtype: torch.int64 }), () => torch.zeros_like({ input: x, dtype: torch.int64 })],
  ['torch.full_like', () => torch.full_like(x, 2), () => torch.full_like(x, { fill_value: 2 })],
  ['torch.randn_like', seeded(() => torch.randn_like(x)), seeded(() => torch.randn_like({ input: x }))],
  ['torch.manual_seed', () => { torch.manual_seed(5); return torch.rand(3); }, () => { torch.manual_seed({ seed: 5 }); return torch.rand(3); }],
  ['torch.device', () => String(torch.device('cpu', 0)), () => String(torch.device({ type: 'cpu', index: 0 }))],
  ['F.nll_loss', () => F.nll_loss(x, t, torch.ones(3), null, 1, null, 'sum'), () => F.nll_loss(x, t, { weight: torch.ones(3), ignore_index: 1, reduction: 'sum' })],
  ['F.cross_entropy', () => F.cross_entropy(x, t, null, null, -100, null, 'mean', 0.1), () => F.cross_entropy({ input: x, target: t, label_smoothing: 0.1 })],
  ['F.log_softmax', () => F.log_softmax(x, 1), () => F.log_softmax(x, { dim: 1 })],
  ['F.softmax dtype', () => F.softmax(x, 0, 3, torch.float64), () => F.softmax(x, { dim: 0, dtype: torch.float64 })],
  ['F.relu', () => F.relu(x, false), () => F.relu({ input: x, inplace: false })],
  ['F.linear', () => F.linear(x, lin.weight.detach(), lin.bias.detach()), () => F.linear(x, { weight: lin.weight.detach(), bias: lin.bias.detach() })],
  ['F.conv2d', () => F.conv2d(x4, torch.ones(1, 1, 2, 2), null, 2, 1), () => F.conv2d(x4, torch.ones(1, 1, 2, 2), { stride: 2, padding: 1 })],
  ['F.max_pool2d', () => F.max_pool2d(x4, 2, 1), () => F.max_pool2d(x4, { kernel_size: 2, stride: 1 })],
  ['F.max_pool2d return_indices', () => F.max_pool2d(x4, 2, 2, 0, 1, false, true), () => F.max_pool2d(x4, 2, { return_indices: true })],
  ['F.dropout eval', () => F.dropout(x, 0.3, false), () => F.dropout(x, { p: 0.3, training: false })],
  ['F.kl_div', () => F.kl_div(x, x.exp(), null, null, 'sum'), () => F.kl_div(x, x.exp(), { reduction: 'sum' })],
  ['F.poisson_nll_loss', () => F.poisson_nll_loss(x, x.abs(), false, true), () => F.poisson_nll_loss(x, x.abs(), { log_input: false, full: true })],
  ['F.gaussian_nll_loss', () => F.gaussian_nll_loss(x, x.neg(), x.abs(), true), () => F.gaussian_nll_loss(x, x.neg(), { var: x.abs(), full: true })],
  ['F.binary_cross_entropy', () => F.binary_cross_entropy(x.sigmoid(), x.gt(0).float(), null, null, null, 'sum'), () => F.binary_cross_entropy(x.sigmoid(), x.gt(0).float(), { reduction: 'sum' })],
  ['nn.Linear', seeded(() => new nn.Linear(3, 2, false).weight), seeded(() => new nn.Linear({ in_features: 3, out_features: 2, bias: false }).weight)],
  ['nn.Linear.forward', () => lin.forward(x), () => lin.forward({ input: x })],
  ['nn.Conv2d', seeded(() => new nn.Conv2d(1, 2, 3, 2, 1).forward(x4)), seeded(() => new nn.Conv2d(1, 2, 3, { stride: 2, padding: 1 }).forward(x4))],
  ['nn.MaxPool2d', () => new nn.MaxPool2d(2, 1).forward(x4), () => new nn.MaxPool2d({ kernel_size: 2, stride: 1 }).forward(x4)],
  ['nn.Flatten', () => new nn.Flatten(0, 2).forward(x4), () => new nn.Flatten({ start_dim: 0, end_dim: 2 }).forward(x4)],
  ['nn.LogSoftmax', () => new nn.LogSoftmax(1).forward(x), () => new nn.LogSoftmax({ dim: 1 }).forward(x)],
  ['nn.Dropout', () => new nn.Dropout(0.2, false).p, () => new nn.Dropout({ p: 0.2 }).p],
  ['nn.NLLLoss', () => new nn.NLLLoss(null, null, 0).forward(x, t), () => new nn.NLLLoss({ ignore_index: 0 }).forward({ input: x, target: t })],
  ['nn.CrossEntropyLoss', () => new nn.CrossEntropyLoss(null, null, -100, null, 'sum').forward(x, t), () => new nn.CrossEntropyLoss({ reduction: 'sum' }).forward(x, t)],
  ['nn.Sequential', () => new nn.Sequential(new nn.ReLU()).forward(x), () => new nn.Sequential(new nn.ReLU()).forward({ input: x })],
  ['Module.named_parameters', () => [...lin.named_parameters('fc')].map(([k]) => k), () => [...lin.named_parameters({ prefix: 'fc' })].map(([k]) => k)],
  ['Module.state_dict', () => [...lin.state_dict({ prefix: 'a.' }).keys()], () => ['a.weight', 'a.bias']],
  ['Module.train', () => new nn.Linear(1, 1).train(false).training, () => new nn.Linear(1, 1).train({ mode: false }).training],
  ['nn.Parameter', () => new nn.Parameter(x, false).requires_grad, () => new nn.Parameter({ data: x, requires_grad: false }).requires_grad],
  ['nn.init.uniform_', seeded(() => nn.init.uniform_(torch.empty(5), -2, 2)), seeded(() => nn.init.uniform_(torch.empty(5), { a: -2, b: 2 }))],
  ['nn.init.normal_', seeded(() => nn.init.normal_(torch.empty(5), 1, 3)), seeded(() => nn.init.normal_({ tensor: torch.empty(5), mean: 1, std: 3 }))],
  ['nn.init.constant_', () => nn.init.constant_(torch.empty(2), 4), () => nn.init.constant_(torch.empty(2), { val: 4 })],
  ['nn.init.kaiming_uniform_', seeded(() => nn.init.kaiming_uniform_(torch.empty(3, 4), 0, 'fan_out', 'relu')), seeded(() => nn.init.kaiming_uniform_(torch.empty(3, 4), { mode: 'fan_out', nonlinearity: 'relu' }))],
  ['nn.init.xavier_normal_', seeded(() => nn.init.xavier_normal_(torch.empty(3, 4), 2)), seeded(() => nn.init.xavier_normal_(torch.empty(3, 4), { gain: 2 }))],
  ['nn.init.calculate_gain', () => nn.init.calculate_gain('leaky_relu', 0.2), () => nn.init.calculate_gain({ nonlinearity: 'leaky_relu', param: 0.2 })],
];

/** One SGD step (momentum 0.9, nesterov) and its lr schedule, built by `make`. */
function trainLrs(make) {
  const w = new nn.Parameter(torch.tensor([1.5, -2.5]));
  const [o, s] = make(w);
  const lrs = [];
  for (let i = 0; i < 4; i++) {
    w.grad = w.detach().clone();
    o.step();
    s.step();
    lrs.push(s.get_last_lr()[0]);
  }
  return [w.detach(), lrs];
}
SPELLINGS.push(
  ['optim.SGD + StepLR', () => trainLrs((w) => { const o = new optim.SGD([w], 0.1, 0.9, 0, 0, true); return [o, new optim.lr_scheduler.StepLR(o, 2, 0.5)]; }),
    () => trainLrs((w) => { const o = new optim.SGD({ params: [w], lr: 0.1, momentum: 0.9, nesterov: true }); return [o, new optim.lr_scheduler.StepLR(o, { step_size: 2, gamma: 0.5 })]; })],
  ['optim.Adam + ExponentialLR', () => trainLrs((w) => { const o = new optim.Adam([w], 0.01, [0.8, 0.9]); return [o, new optim.lr_scheduler.ExponentialLR(o, 0.9)]; }),
    () => trainLrs((w) => { const o = new optim.Adam([w], { betas: [0.8, 0.9], lr: 0.01 }); return [o, new optim.lr_scheduler.ExponentialLR({ optimizer: o, gamma: 0.9 })]; })],
  ['optim.Adadelta + CosineAnnealingLR', () => trainLrs((w) => { const o = new optim.Adadelta([w], 1.0, 0.8); return [o, new optim.lr_scheduler.CosineAnnealingLR(o, 3, 0.1)]; }),
    () => trainLrs((w) => { const o = new optim.Adadelta([w], { rho: 0.8 }); return [o, new optim.lr_scheduler.CosineAnnealingLR(o, { T_max: 3, eta_min: 0.1 })]; })],
  ['Optimizer.zero_grad', () => { p.grad = torch.ones(2); opt.zero_grad(true); return p.grad; }, () => { p.grad = torch.ones(2); opt.zero_grad({ set_to_none: true }); return p.grad; }],
  ['DataLoader', () => [...new D.DataLoader(ds, 2, false, null, null, 0, null, false, true)], () => [...new D.DataLoader(ds, { batch_size: 2, drop_last: true })]],
  ['RandomSampler', () => [...new D.RandomSampler(ds, true, 5, new torch.Generator().manual_seed(3))],
    () => [...new D.RandomSampler(ds, { replacement: true, num_samples: 5, generator: new torch.Generator().manual_seed(3) })]],
  ['BatchSampler', () => [...new D.BatchSampler([0, 1, 2], 2, false)], () => [...new D.BatchSampler({ sampler: [0, 1, 2], batch_size: 2, drop_last: false })]],
  ['random_split', () => D.random_split([0, 1, 2, 3], [3, 1], new torch.Generator().manual_seed(1)).map((s) => s.indices),
    () => D.random_split({ dataset: [0, 1, 2, 3], lengths: [3, 1], generator: new torch.Generator().manual_seed(1) }).map((s) => s.indices)],
  ['Subset', () => new D.Subset([5, 6, 7], [2, 0]).__getitem__(0), () => new D.Subset({ dataset: [5, 6, 7], indices: [2, 0] }).__getitem__(0)],
  ['default_collate', () => D.default_collate([1, 2]), () => D.default_collate({ batch: [1, 2] })],
  ['transforms.Normalize', () => new transforms.Normalize(0.5, 2).__call__(x4), () => new transforms.Normalize({ mean: 0.5, std: 2 }).__call__({ tensor: x4 })],
  ['transforms.Compose', () => new transforms.Compose([new transforms.Normalize(0.5, 2)]).__call__(x4), () => new transforms.Compose({ transforms: [new transforms.Normalize(0.5, 2)] }).__call__(x4)],
  ['datasets.EmbeddedMNIST', () => new datasets.EmbeddedMNIST(false).__len__(), () => new datasets.EmbeddedMNIST({ train: false }).__len__()],
  ['safetensors serialize', () => Array.from(serialize({ w: x }, { note: 'a' })), () => Array.from(serialize({ tensors: { w: x }, metadata: { note: 'a' } }))],
  ['safetensors deserialize', () => deserialize(serialize({ w: x })).get('w'), () => deserialize({ data: serialize({ w: x }) }).get('w')],
  ['Tensor.movedim', () => x4.movedim(1, 3), () => x4.movedim({ source: 1, destination: 3 })],
  ['torch.moveaxis lists', () => torch.moveaxis(x4, [0, 1], [2, 3]), () => torch.moveaxis(x4, { source: [0, 1], destination: [2, 3] })],
  ['torch.unbind', () => torch.unbind(x, 1), () => torch.unbind(x, { dim: 1 })],
  ['torch.split', () => torch.split(x, [1, 2], 1), () => torch.split({ tensor: x, split_size_or_sections: [1, 2], dim: 1 })],
  ['Tensor.split', () => x.split(1), () => x.split({ split_size: 1, dim: 0 })],
  ['Tensor.chunk', () => x.chunk(3, 1), () => x.chunk({ chunks: 3, dim: 1 })],
  ['Tensor.unflatten', () => x.unflatten(1, [3, 1]), () => x.unflatten({ dim: 1, sizes: [3, 1] })],
  ['torch.diagonal', () => torch.diagonal(x, 1), () => torch.diagonal(x, { offset: 1, dim1: 0, dim2: 1 })],
  ['torch.swapaxes', () => torch.swapaxes(x, 0, 1), () => torch.swapaxes(x, { axis0: 0, axis1: 1 })],
  ['torch.as_strided', () => torch.as_strided(x, [2], [1], 1), () => torch.as_strided(x, [2], { stride: [1], storage_offset: 1 })],
  ['Tensor.broadcast_to', () => t.broadcast_to([3, 2]), () => t.broadcast_to({ size: [3, 2] })],
  ['Tensor.stride', () => x.stride(1), () => x.stride({ dim: 1 })],
  ['torch.where(condition)', () => torch.where(x.gt(0)), () => torch.nonzero(x.gt(0), { as_tuple: true })],
  ['Tensor.masked_fill', () => x.masked_fill(x.gt(0), 1), () => x.masked_fill({ mask: x.gt(0), value: 1 })],
  ['torch.index_add alpha', () => torch.index_add(x, 0, t, x, { alpha: 2 }), () => torch.index_add({ input: x, dim: 0, index: t, source: x, alpha: 2 })],
  ['Tensor.scatter reduce', () => x.scatter(1, torch.tensor([[0], [1]]), 2, { reduce: 'add' }), () => x.scatter({ dim: 1, index: torch.tensor([[0], [1]]), value: 2, reduce: 'add' })],
  ['Tensor.index_put_ accumulate', () => x.clone().index_put_([t], torch.ones(3), true), () => x.clone().index_put_({ indices: [t], values: torch.ones(3), accumulate: true })],
  ['Tensor.sort', () => x.sort(0, true), () => x.sort({ dim: 0, descending: true })],
  ['torch.cumsum', () => torch.cumsum(x, 1), () => torch.cumsum(x, { dim: 1 })],
  ['torch.prod', () => torch.prod(x, 1, true), () => torch.prod(x, { dim: 1, keepdim: true })],
  ['torch.round decimals', () => torch.round(x, { decimals: 1 }), () => torch.round({ input: x, decimals: 1 })],
  ['torch.addcmul value', () => torch.addcmul(x, x, x, { value: 2 }), () => torch.addcmul({ input: x, tensor1: x, tensor2: x, value: 2 })],
  ['F.gelu approximate', () => F.gelu(x, { approximate: 'tanh' }), () => F.gelu({ input: x, approximate: 'tanh' })],
  ['F.mse_loss', () => F.mse_loss(x, x.neg(), null, null, 'sum'), () => F.mse_loss(x, x.neg(), { reduction: 'sum' })],
  ['safetensors deserialize_with_metadata', () => deserialize_with_metadata(serialize({ w: x }, { k: 'v' })).metadata, () => ({ k: 'v' })],
);

test('positional and keyword spellings give identical results', () => {
  for (const [what, positional, keyword] of SPELLINGS) same(positional(), keyword(), what);
});

test("the issue's examples: options objects in functions, methods and constructors", () => {
  const y = torch.tensor([[1, 5, 2], [7, 0, 3]]);
  same(torch.argmax(y, { dim: 1 }), torch.tensor([1, 0]), 'torch.argmax(x, {dim: 1})');
  same(y.argmax({ dim: 1, keepdim: true }), torch.tensor([[1], [0]]), 'x.argmax({dim: 1, keepdim: true})');
  assert.deepEqual(torch.randint(10, { size: [1] }).shape, [1]);
  assert.deepEqual(torch.randint(0, 10, [2, 3]).shape, [2, 3]);
  assert.deepEqual(torch.randn(3, 5).shape, [3, 5]);
  assert.deepEqual(torch.randn([3, 5]).shape, [3, 5]);
  const g = new torch.Generator({ device: 'cpu' });
  assert.equal(g.manual_seed(4).initial_seed(), 4);
  assert.throws(() => y.argmax(1, true, 5), { name: 'TypeError', message: 'argmax() takes from 0 to 2 positional arguments but 3 were given' });
});

test('trailing undefined is "not given"; null is None', () => {
  same(x.argmax(1, undefined), x.argmax(1), 'argmax(1, undefined)');
  same(torch.sum(x, null), torch.sum(x), 'sum(x, None)');
  same(torch.sum(x, { dim: undefined }), torch.sum(x), 'sum(x, {dim: undefined})');
});

test('a dict-valued parameter takes a plain object positionally, keywords still bind by name', () => {
  const m = new nn.Linear(2, 1);
  const sd = { weight: torch.ones(1, 2), bias: torch.zeros(1) };
  m.load_state_dict(sd);
  same(m.weight.detach(), torch.ones(1, 2), 'load_state_dict(dict)');
  m.load_state_dict({ state_dict: { weight: torch.zeros(1, 2), bias: torch.zeros(1) }, strict: true });
  same(m.weight.detach(), torch.zeros(1, 2), 'load_state_dict({state_dict, strict})');
});

test('add(alpha, other): the deprecated spelling binds as in PyTorch 1.13, with its warning', () => {
  const warnings = [];
  torch.setWarningHandler((m) => warnings.push(m));
  try {
    // p.data.add_(-lr, grad) in old tutorials; torch.add(x, -1, y) is x + (-1) * y
    same(x.add(-0.5, torch.ones(2, 3)), x.sub(0.5), 'x.add(-0.5, ones)');
    assert.deepEqual(warnings, ['This overload of add is deprecated:\n\tadd(Number alpha, Tensor other)\nConsider using one of the following signatures instead:\n\tadd(Tensor other, *, Number alpha) (Triggered internally at  ./torch/csrc/utils/python_arg_parser.cpp:1420.)']);
  } finally {
    torch.setWarningHandler(() => {});
  }
});

test('arguments torchlet cannot honour are refused, never ignored', () => {
  assert.throws(() => torch.argmax(x, { out: torch.empty(2) }), { name: 'NotImplementedError', message: 'argmax(): torchlet does not support the out= argument' });
  assert.throws(() => torch.zeros(2, { device: 'cuda' }), { name: 'AssertionError', message: 'Torch not compiled with CUDA enabled' }); // a CPU-only PyTorch's
  assert.throws(() => torch.zeros(2, { device: 'mps' }), { name: 'RuntimeError', message: "torchlet runs on the CPU only (asked for 'mps')" });
  assert.throws(() => lin.to(torch.int64), { name: 'TypeError', message: 'nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64' });
  same(lin.to('cpu'), lin, 'Module.to(cpu)');
});
