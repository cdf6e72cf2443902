#!/usr/bin/python3
"""PyTorch's (and CPython's) TypeErrors for badly bound calls across the public API, for
test/calling_convention.test.mjs: surplus positionals, unknown or repeated keywords, missing and
wrongly typed arguments. Each case is a Python call; the test makes the same call in JavaScript
(keywords in a trailing options object) under the same id. Python lists stand for JavaScript
arrays (a tuple would print as 'tuple').
Writes test/fixtures/calling_convention.json.
usage: /usr/bin/python3 tools/gen_calling_convention.py"""
import json, os, warnings
import torch, torch.nn as nn, torch.nn.functional as F, torch.optim as optim
import torch.utils.data as D
import torchvision

warnings.simplefilter('ignore')
torch.manual_seed(0)
x = torch.randn(2, 3)
x4 = torch.randn(1, 1, 4, 4)
t = torch.tensor([0, 1])
p = nn.Parameter(torch.randn(2))
opt = optim.SGD([p], 0.1)
sched = optim.lr_scheduler.StepLR(opt, 1)
lin = nn.Linear(3, 2)
ds = D.TensorDataset(x)
T = torchvision.transforms


# torchlet's own functions (and safetensors', whose Python package is not installed here) as
# Python defs with the same signatures, so that CPython writes their messages
def serialize(tensors, metadata=None): pass
def deserialize(data, name='safetensors data'): pass
def save_file(tensors, filename, metadata=None): pass
def load_file(filename, device='cpu'): pass
def from_typed(data, shape, dtype=None): pass


CASES = {
    # ---- torch.* builtins and Tensor methods (PythonArgParser) ----
    'argmax_method_surplus': 'x.argmax(1, True, 5)',
    'argmax_surplus': 'torch.argmax(x, 1, True, 5)',
    'argmax_unknown_kw': 'x.argmax(dim=1, foo=1)',
    'argmax_multiple': 'torch.argmax(x, 1, dim=1)',
    'argmax_missing': 'torch.argmax()',
    'argmax_dim_float': 'x.argmax(1.5)',
    'argmax_dim_kw_float': 'x.argmax(dim=1.5)',
    'argmax_keepdim_none': 'x.argmax(None, None)',
    'argmax_dim_bool': 'x.argmax(True)',
    'randn_unknown_kw': 'torch.randn(3, foo=1)',
    'randn_nothing': 'torch.randn()',
    'randn_varargs_str': "torch.randn(3, 'a')",
    'randn_list_float': 'torch.randn([2, 2.5])',
    'randn_float': 'torch.randn(2.5)',
    'zeros_str': "torch.zeros('a')",
    'zeros_list_str': "torch.zeros([2, 'a'])",
    'randint_no_size': 'torch.randint(10)',
    'randint_only_size': 'torch.randint(size=[2])',
    'randint_high_float': 'torch.randint(2.5, [2])',
    'randint_size_int': 'torch.randint(10, 2)',
    'randperm_float': 'torch.randperm(2.5)',
    'full_size_int': 'torch.full(2, 3)',
    'ones_size_kw_int': 'torch.ones(size=2)',
    'arange_surplus': 'torch.arange(0, 5, 1, 2)',
    'arange_step_kw': 'torch.arange(4, step=2)',
    'zeros_like_surplus': 'torch.zeros_like(x, torch.float64)',
    'full_like_missing': 'torch.full_like(x)',
    'tensor_surplus': 'torch.tensor([1], torch.float32)',
    'tensor_unknown_kw': 'torch.tensor([1], foo=1)',
    'sum_dtype_positional': 'x.sum(1, True, torch.float64)',
    'sum_dim_float': 'x.sum(0.5)',
    'sum_list_float': 'torch.sum(x, [0, 1.5])',
    'sum_keepdim_none': 'torch.sum(x, None, None)',
    'add_three': 'x.add(1, 2, 3)',
    'add_unknown_kw': 'x.add(x, alpha=2, beta=3)',
    'add_nothing': 'x.add()',
    'mul_surplus': 'x.mul(2, 3)',
    'div_rounding_positional': "x.div(x, 'floor')",
    'eq_surplus': 'x.eq(1, 2)',
    'clamp_surplus': 'x.clamp(0, 1, 2)',
    'maximum_surplus': 'x.maximum(x, x)',
    'matmul_surplus': 'x.matmul(x, x)',
    'mm_missing': 'x.mm()',
    'view_varargs_float': 'x.view(2, -1, 1.5)',
    'view_nothing': 'x.view()',
    'reshape_fn_int': 'torch.reshape(x, 6)',
    'permute_fn_varargs': 'torch.permute(x, 1, 0)',
    'permute_varargs_str': "x.permute(1, 'a')",
    'transpose_one': 'x.transpose(0)',
    'transpose_float': 'torch.transpose(x, 0, 1.5)',
    'flatten_surplus': 'torch.flatten(x, 0, 1, 2)',
    'squeeze_kw': 'x.squeeze(foo=0)',
    'unsqueeze_float': 'x.unsqueeze(1.5)',
    'narrow_missing': 'torch.narrow(x, 0)',
    'select_surplus': 'x.select(0, 1, 2)',
    'index_select_kw': 'x.index_select(0, t, foo=1)',
    'gather_missing': 'x.gather(1)',
    'size_two': 'x.size(1, 2)',
    'max_float': 'x.max(1.5)',
    'cat_element': 'torch.cat([x, 1])',
    'cat_tensor': 'torch.cat(x)',
    'cat_surplus': 'torch.cat([x, x], 1, 2)',
    'stack_surplus': 'torch.stack([x, x], 1, 2)',
    'to_surplus': 'x.to(torch.float64, False, False, 3)',
    'to_unknown_kw': 'x.to(other=x)',
    'float_surplus': 'x.float(1)',
    'clone_positional': 'x.clone(1)',
    'contiguous_surplus': 'x.contiguous(1)',
    'dim_arg': 'x.dim(1)',
    'item_kw': 'x.item(foo=1)',
    'neg_arg': 'x.neg(1)',
    't_arg': 'x.t(1)',
    'requires_grad_int': 'x.requires_grad_(1)',
    'expand_str': "x.expand(2, 'a')",
    'view_as_surplus': 'x.view_as(x, 1)',
    'pow_fn_nothing': 'torch.pow()',
    'where_surplus': 'torch.where(x > 0, x, x, x)',
    'promote_types_surplus': 'torch.promote_types(torch.float32, torch.int64, 1)',
    'generator_surplus': "torch.Generator('cpu', 1)",
    'generator_unknown_kw': "torch.Generator(device='cpu', foo=1)",
    'generator_float': 'torch.Generator(5.5)',
    'generator_manual_seed_nothing': 'torch.Generator().manual_seed()',
    'generator_manual_seed_kw': 'torch.Generator().manual_seed(seed=1)',
    'generator_manual_seed_float': 'torch.Generator().manual_seed(1.5)',
    'generator_initial_seed_arg': 'torch.Generator().initial_seed(1)',
    'manual_seed_surplus': 'torch.manual_seed(1, 2)',
    'manual_seed_missing': 'torch.manual_seed()',
    'initial_seed_arg': 'torch.initial_seed(1)',
    'set_printoptions_surplus': "torch.set_printoptions(4, 1000, 3, 80, 'default', False, 5)",
    'set_printoptions_unknown_kw': 'torch.set_printoptions(foo=1)',
    'set_grad_enabled_surplus': 'torch.set_grad_enabled(True, 1)',
    'is_grad_enabled_arg': 'torch.is_grad_enabled(1)',
    'device_surplus': "torch.device('cpu', 0, 1)",
    'movedim_one': 'x.movedim(0)',
    'unbind_surplus': 'torch.unbind(x, 0, 1)',
    'masked_fill_missing': 'x.masked_fill(x > 0)',
    'stride_two': 'x.stride(1, 2)',
    'split_missing': 'torch.split(x)',
    'split_method_missing': 'x.split()',
    'unflatten_method_missing': 'x.unflatten(1)',
    'nonzero_method_positional': 'x.nonzero(1)',
    'index_put_missing': 'x.index_put([t])',
    'diagonal_surplus': 'torch.diagonal(x, 0, 0, 1, 2)',
    'chunk_missing': 'x.chunk()',
    'swapaxes_missing': 'torch.swapaxes(x, 0)',
    'unfold_missing': 'x.unfold(0, 1)',
    'as_strided_missing': 'torch.as_strided(x, [2])',
    'broadcast_to_missing': 'torch.broadcast_to(x)',
    'masked_select_missing': 'torch.masked_select(x)',
    'index_add_missing': 'x.index_add(0, t)',
    'index_fill__missing': 'x.index_fill_(0, t)',
    'where_two': 'torch.where(x > 0, x)',
    'masked_fill__surplus': 'x.masked_fill_(x > 0, 1, 2)',
    'nonzero_surplus': 'torch.nonzero(x, True)',
    # ---- torch.nn.functional ----
    'relu_surplus': 'F.relu(x, False, 3)',
    'relu_unknown_kw': 'F.relu(x, foo=3)',
    'relu_missing': 'F.relu()',
    'relu_multiple': 'F.relu(x, input=x)',
    'nll_loss_surplus': "F.nll_loss(x, t, None, None, -100, None, 'mean', 3)",
    'nll_loss_missing': 'F.nll_loss()',
    'nll_loss_unknown_kw': 'F.nll_loss(x, t, wieght=None)',
    'nll_loss_input_float': 'F.nll_loss(1.5, t)',
    'nll_loss_weight_float': 'F.nll_loss(x, t, 1.5)',
    'cross_entropy_surplus': "F.cross_entropy(x, t, None, None, -100, None, 'mean', 0.0, 1)",
    'cross_entropy_input_float': 'F.cross_entropy(1.5, t)',
    'log_softmax_surplus': 'F.log_softmax(x, 1, 3, None, 5)',
    'softmax_unknown_kw': 'F.softmax(x, 1, foo=1)',
    'poisson_nll_loss_unknown_kw': 'F.poisson_nll_loss(x, x, foo=1)',
    'gaussian_nll_loss_missing': 'F.gaussian_nll_loss(x, x)',
    'kl_div_surplus': "F.kl_div(x, x, None, None, 'mean', False, 1)",
    'binary_cross_entropy_surplus': "F.binary_cross_entropy(x, x, None, None, None, 'mean', 1)",
    'bce_with_logits_unknown_kw': 'F.binary_cross_entropy_with_logits(x, x, foo=1)',
    'linear_surplus': 'F.linear(x, x, None, 1)',
    'linear_missing': 'F.linear()',
    'linear_input_float': 'F.linear(1.5, x)',
    'conv2d_unknown_kw': 'F.conv2d(foo=1)',
    'max_pool2d_unknown_kw': 'F.max_pool2d(x4, 2, foo=1)',
    'max_pool2d_surplus': 'F.max_pool2d(x4, 2, 2, 0, 1, False, False, 1)',
    'max_pool2d_with_indices_missing': 'F.max_pool2d_with_indices(x4)',
    'dropout_surplus': 'F.dropout(x, 0.5, True, False, 1)',
    'dropout2d_unknown_kw': 'F.dropout2d(x4, foo=1)',
    # ---- torch.nn modules ----
    'linear_module_missing_one': 'nn.Linear(2)',
    'linear_module_missing_two': 'nn.Linear()',
    'linear_module_surplus': 'nn.Linear(1, 2, 3, 4, 5, 6)',
    'linear_module_multiple': 'nn.Linear(2, 3, in_features=2)',
    'linear_module_size_str': "nn.Linear('a', 2)",
    'linear_forward_surplus': 'lin.forward(x, 1)',
    'conv2d_module_surplus': "nn.Conv2d(1, 2, 3, 1, 0, 1, 1, True, 'zeros', None, None, 5)",
    'conv2d_module_missing': 'nn.Conv2d(1, 2)',
    'maxpool_module_missing': 'nn.MaxPool2d()',
    'maxpool_module_surplus': 'nn.MaxPool2d(2, 2, 0, 1, False, False, 1)',
    'dropout_module_surplus': 'nn.Dropout(0.5, False, 1)',
    'flatten_module_surplus': 'nn.Flatten(1, 2, 3)',
    'log_softmax_module_surplus': 'nn.LogSoftmax(1, 2)',
    'relu_module_surplus': 'nn.ReLU(True, 1)',
    'relu_forward_surplus': 'nn.ReLU().forward(x, 1)',
    'sequential_unknown_kw': 'nn.Sequential(a=1)',
    'sequential_not_module': 'nn.Sequential(1)',
    'nll_loss_module_surplus': "nn.NLLLoss(None, None, -100, None, 'mean', 1)",
    'nll_loss_forward_missing': 'nn.NLLLoss().forward(x)',
    'cross_entropy_module_unknown_kw': 'nn.CrossEntropyLoss(foo=1)',
    'poisson_module_surplus': "nn.PoissonNLLLoss(True, False, None, 1e-8, None, 'mean', 1)",
    'gaussian_module_positional': 'nn.GaussianNLLLoss(True)',
    'gaussian_forward_missing': 'nn.GaussianNLLLoss().forward(x, x)',
    'kl_div_module_surplus': "nn.KLDivLoss(None, None, 'mean', False, 1)",
    'bce_module_surplus': "nn.BCELoss(None, None, None, 'mean', 1)",
    'bce_logits_module_surplus': "nn.BCEWithLogitsLoss(None, None, None, 'mean', None, 1)",
    'module_parameters_surplus': 'lin.parameters(True, 1)',
    'module_named_parameters_surplus': "lin.named_parameters('', True, 1)",
    'module_state_dict_unknown_kw': 'lin.state_dict(foo=1)',
    'module_load_state_dict_missing': 'lin.load_state_dict()',
    'module_eval_arg': 'lin.eval(1)',
    'module_train_surplus': 'lin.train(True, 1)',
    'module_zero_grad_surplus': 'lin.zero_grad(False, 2)',
    'module_register_buffer_missing': "lin.register_buffer('a')",
    'module_requires_grad_surplus': 'lin.requires_grad_(True, 1)',
    'module_to_unknown_kw': 'lin.to(foo=1)',
    'module_cpu_arg': 'lin.cpu(1)',
    'module_children_arg': 'lin.children(1)',
    'module_named_modules_surplus': "lin.named_modules(None, '', True, 1)",
    'module_buffers_surplus': 'lin.buffers(True, 1)',
    'module_add_module_missing': "lin.add_module('a')",
    'sequential_append_missing': 'nn.Sequential(nn.ReLU()).append()',
    'parameter_surplus': 'nn.Parameter(x, True, 1)',
    'parameter_unknown_kw': 'nn.Parameter(foo=1)',
    # ---- torch.nn.init ----
    'init_uniform_surplus': 'nn.init.uniform_(x, 0, 1, 2)',
    'init_normal_unknown_kw': 'nn.init.normal_(x, foo=1)',
    'init_constant_missing': 'nn.init.constant_(x)',
    'init_ones_surplus': 'nn.init.ones_(x, 1)',
    'init_eye_surplus': 'nn.init.eye_(x, 1)',
    'init_kaiming_uniform_surplus': "nn.init.kaiming_uniform_(x, 0, 'fan_in', 'leaky_relu', 1)",
    'init_xavier_normal_unknown_kw': 'nn.init.xavier_normal_(x, foo=1)',
    'init_calculate_gain_surplus': "nn.init.calculate_gain('relu', 1, 2)",
    # ---- torch.optim ----
    'sgd_surplus': 'optim.SGD([p], 0.1, 0, 0, 0, False, False)',
    'sgd_unknown_kw': 'optim.SGD([p], 0.1, maximize=True, foo=1)',
    'sgd_multiple': 'optim.SGD([p], 0.1, lr=0.2)',
    'sgd_missing': 'optim.SGD()',
    'adam_surplus': 'optim.Adam([p], 0.1, [0.9, 0.99], 1e-8, 0, False, 1)',
    'adamw_unknown_kw': 'optim.AdamW([p], foo=1)',
    'adadelta_surplus': 'optim.Adadelta([p], 1.0, 0.9, 1e-6, 0, None, 1)',
    'optimizer_zero_grad_surplus': 'opt.zero_grad(True, 3)',
    'optimizer_step_surplus': 'opt.step(None, 3)',
    'optimizer_add_param_group_missing': 'opt.add_param_group()',
    'optimizer_state_dict_arg': 'opt.state_dict(1)',
    'optimizer_load_state_dict_missing': 'opt.load_state_dict()',
    'steplr_surplus': 'optim.lr_scheduler.StepLR(opt, 1, 0.1, -1, False, 1)',
    'exponentiallr_missing': 'optim.lr_scheduler.ExponentialLR(opt)',
    'cosine_unknown_kw': 'optim.lr_scheduler.CosineAnnealingLR(opt, 10, foo=1)',
    'scheduler_step_surplus': 'sched.step(1, 2)',
    'scheduler_get_last_lr_arg': 'sched.get_last_lr(1)',
    'scheduler_load_state_dict_missing': 'sched.load_state_dict()',
    # ---- torch.utils.data ----
    'dataloader_missing': 'D.DataLoader()',
    'dataloader_surplus': 'D.DataLoader(ds, 1, False, None, None, 0, None, False, False, 0, None, None, None, 1)',
    'dataloader_multiple': 'D.DataLoader(ds, 2, batch_size=2)',
    'tensor_dataset_unknown_kw': 'D.TensorDataset(x, foo=1)',
    'subset_missing': 'D.Subset(ds)',
    'concat_dataset_surplus': 'D.ConcatDataset([ds], 1)',
    'random_split_missing': 'D.random_split(ds)',
    'sequential_sampler_surplus': 'D.SequentialSampler(ds, 1)',
    'random_sampler_unknown_kw': 'D.RandomSampler(ds, foo=1)',
    'batch_sampler_missing': 'D.BatchSampler([0, 1], 2)',
    'default_collate_surplus': 'D.default_collate([1], 2)',
    # ---- torchvision datasets and transforms ----
    'mnist_surplus': "torchvision.datasets.MNIST('/nonexistent', True, None, None, False, 1)",
    'mnist_missing': 'torchvision.datasets.MNIST()',
    'compose_missing': 'T.Compose()',
    'to_tensor_surplus': 'T.ToTensor(1)',
    'normalize_missing': 'T.Normalize(0.5)',
    'normalize_unknown_kw': 'T.Normalize(0.5, 0.5, foo=1)',
    'normalize_call_surplus': 'T.Normalize(0.5, 0.5)(x, 1)',
    'lambda_surplus': 'T.Lambda(abs, 1)',
    # ---- safetensors (CPython's messages for the same signatures) ----
    'serialize_missing': 'serialize()',
    'save_file_surplus': "save_file({}, 'f', None, 1)",
    'load_file_unknown_kw': "load_file('f', foo=1)",
    'deserialize_surplus': "deserialize(b'', 'n', 1)",
    'from_typed_missing': 'from_typed(None)',
}

out = {'generator': f'PyTorch {torch.__version__}, torchvision {torchvision.__version__}', 'cases': {}}
for case_id, expr in CASES.items():
    try:
        eval(expr)
        raise SystemExit(f'{case_id}: {expr} did not raise')
    except Exception as e:  # noqa: BLE001 (every error is the data)
        out['cases'][case_id] = {'python': expr, 'type': type(e).__name__, 'message': str(e)}

path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'calling_convention.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(f'wrote {len(out["cases"])} cases to {os.path.normpath(path)}')
