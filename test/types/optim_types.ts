// Type test (compiled by `tsc -p test/types`, run from test/types.test.mjs): the optimizers and
// schedulers take PyTorch's arguments positionally or as one options object; lr_lambda is a function.
import * as torch from 'torchlet';
import { nn, optim, type Tensor } from 'torchlet';

const model = new nn.Linear(4, 2);
const rms: optim.RMSprop = new optim.RMSprop(model.parameters(), { lr: 0.01, momentum: 0.9, centered: true });
const ada: optim.Adagrad = new optim.Adagrad(model.parameters(), 0.1, { lr_decay: 0.01 });
const sgd = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });

const lam: optim.lr_scheduler.LambdaLR = new optim.lr_scheduler.LambdaLR(rms, (epoch: number) => 0.95 ** epoch);
new optim.lr_scheduler.LambdaLR(sgd, { lr_lambda: [(e: number) => e / 10] });
new optim.lr_scheduler.MultiplicativeLR(ada, () => 0.95);
new optim.lr_scheduler.MultiStepLR(sgd, [30, 80], 0.1);
new optim.lr_scheduler.MultiStepLR(sgd, { milestones: [30, 80], gamma: 0.5 });
new optim.lr_scheduler.ConstantLR(sgd, { factor: 0.5, total_iters: 4 });
new optim.lr_scheduler.LinearLR(sgd, 0.5, 1.0, 4);
const one = new optim.lr_scheduler.OneCycleLR(sgd, { max_lr: 0.1, epochs: 10, steps_per_epoch: 100 });
new optim.lr_scheduler.OneCycleLR(sgd, [0.1], { total_steps: 100, anneal_strategy: 'linear' });
const plateau = new optim.lr_scheduler.ReduceLROnPlateau(sgd, 'min', { patience: 2 });

const loss: Tensor = torch.randn(1).sum();
plateau.step(loss);
plateau.step(0.5);
one.step();
const lrs: number[] = lam.get_last_lr();
void lrs;
// @ts-expect-error: ReduceLROnPlateau.step needs the metric
plateau.step();
