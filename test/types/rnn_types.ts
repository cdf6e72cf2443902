// Type-level checks of the recurrent layers as a TypeScript user calls them (compiled by
// test/types.test.mjs): a tensor in gives a tensor out, a PackedSequence in gives one out.
import * as torch from 'torchlet';
import { nn } from 'torchlet';
import type { Tensor } from 'torchlet';

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false;
const expect = <T extends true>(): T => true as T;

const lstm = new nn.LSTM(3, 4, { num_layers: 2 });
const x = torch.zeros(5, 2, 3);
const [out, [h, c]] = lstm(x);
expect<Equal<typeof out, Tensor>>();
expect<Equal<typeof h, Tensor>>();
expect<Equal<typeof c, Tensor>>();
const [out2] = lstm(x, [h, c]);
expect<Equal<typeof out2, Tensor>>();
const packed = nn.utils.rnn.pack_padded_sequence(x, [5, 3]);
const [pout, [ph]] = lstm(packed);
expect<Equal<typeof pout, nn.utils.rnn.PackedSequence>>();
expect<Equal<typeof ph, Tensor>>();
const [padded, lengths] = nn.utils.rnn.pad_packed_sequence(pout, { batch_first: true });
expect<Equal<typeof padded, Tensor>>();
expect<Equal<typeof lengths, Tensor>>();

const gru = new nn.GRU(3, 4);
const [gout, gh] = gru(x, torch.zeros(1, 2, 4));
expect<Equal<typeof gout, Tensor>>();
expect<Equal<typeof gh, Tensor>>();
const rnn = new nn.RNN(3, 4, { nonlinearity: 'relu', batch_first: true });
const [rout] = rnn(x);
expect<Equal<typeof rout, Tensor>>();

const cell = new nn.LSTMCell(3, 4);
const [hc, cc] = cell(torch.zeros(2, 3));
expect<Equal<typeof hc, Tensor>>();
expect<Equal<typeof cc, Tensor>>();
expect<Equal<ReturnType<nn.GRUCell['forward']>, Tensor>>();
