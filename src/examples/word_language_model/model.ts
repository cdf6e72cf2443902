// pytorch/examples word_language_model/model.py, ported line for line: RNNModel (an embedding, an
// RNN_TANH / RNN_RELU / LSTM / GRU stack and a linear decoder), PositionalEncoding, and
// TransformerModel, which like upstream's builds on nn.Transformer (so its unused decoder stack is
// created and initialised, drawing from the generator as PyTorch does, then replaced by a Linear).
import * as torch from '../../index.js';
import * as nn from '../../nn/index.js'; // import torch.nn as nn
import type { Tensor } from '../../tensor/tensor.js';

const F = torch.nn.functional;

type Recurrent = nn.RNN | nn.LSTM | nn.GRU;
/** An LSTM's (h, c) or another RNN's h. */
export type Hidden = Tensor | [Tensor, Tensor];

/** Container module with an encoder, a recurrent module, and a decoder. */
export class RNNModel extends nn.Module {
  ntoken: number;
  drop: nn.Dropout;
  encoder: nn.Embedding;
  rnn: Recurrent;
  decoder: nn.Linear;
  rnn_type: string;
  nhid: number;
  nlayers: number;

  constructor(rnn_type: string, ntoken: number, ninp: number, nhid: number, nlayers: number, dropout = 0.5, tie_weights = false) {
    super();
    this.ntoken = ntoken;
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (rnn_type === 'LSTM' || rnn_type === 'GRU') {
      this.rnn = new nn[rnn_type](ninp, nhid, nlayers, { dropout });
    } else {
      const nonlinearity = ({ RNN_TANH: 'tanh', RNN_RELU: 'relu' } as Record<string, string>)[rnn_type];
      // model.py's triple-quoted message, its line break and indentation included
      if (nonlinearity === undefined) throw new torch.ValueError(`An invalid option for \`--model\` was supplied,
                                 options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']`);
      this.rnn = new nn.RNN(ninp, nhid, nlayers, { nonlinearity, dropout });
    }
    this.decoder = new nn.Linear(nhid, ntoken);

    // Optionally tie weights as in:
    // "Using the Output Embedding to Improve Language Models" (Press & Wolf 2016)
    // https://arxiv.org/abs/1608.05859
    // and
    // "Tying Word Vectors and Word Classifiers: A Loss Framework for Language Modeling" (Inan et al. 2016)
    // https://arxiv.org/abs/1611.01462
    if (tie_weights) {
      if (nhid !== ninp) throw new torch.ValueError('When using the tied flag, nhid must be equal to emsize');
      this.decoder.weight = this.encoder.weight;
    }

    this.init_weights();

    this.rnn_type = rnn_type;
    this.nhid = nhid;
    this.nlayers = nlayers;
  }

  init_weights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop(this.encoder(input));
    let [output, hiddenOut] = (this.rnn as (x: Tensor, h: Hidden) => [Tensor, Hidden])(emb, hidden);
    output = this.drop(output);
    let decoded = this.decoder(output);
    decoded = decoded.view(-1, this.ntoken);
    return [F.log_softmax(decoded, { dim: 1 }), hiddenOut];
  }

  init_hidden(bsz: number): Hidden {
    const weight = this.parameters().next().value as Tensor;
    if (this.rnn_type === 'LSTM')
      return [weight.new_zeros(this.nlayers, bsz, this.nhid), weight.new_zeros(this.nlayers, bsz, this.nhid)];
    return weight.new_zeros(this.nlayers, bsz, this.nhid);
  }
}

/**
 * Inject some information about the relative or absolute position of the tokens in the sequence:
 * sine and cosine functions of different frequencies, summed with the embeddings.
 *   PosEncoder(pos, 2i) = sin(pos/10000^(2i/d_model)), PosEncoder(pos, 2i+1) = cos(pos/10000^(2i/d_model))
 */
export class PositionalEncoding extends nn.Module {
  dropout: nn.Dropout;
  declare pe: Tensor;

  constructor(d_model: number, dropout = 0.1, max_len = 5000) {
    super();
    this.dropout = new nn.Dropout({ p: dropout });

    let pe = torch.zeros(max_len, d_model);
    const position = torch.arange(0, max_len, { dtype: torch.float }).unsqueeze(1);
    const div_term = torch.exp(torch.arange(0, d_model, 2).float().mul(-Math.log(10000.0) / d_model));
    pe.set(':', '0::2', torch.sin(position.mul(div_term)));
    pe.set(':', '1::2', torch.cos(position.mul(div_term)));
    pe = pe.unsqueeze(0).transpose(0, 1);
    this.register_buffer('pe', pe);
  }

  /** x: [sequence length, batch size, embed dim] -> the same shape. */
  forward(x: Tensor): Tensor {
    x = x.add(this.pe.get(torch.slice(null, x.size(0)), ':'));
    return this.dropout(x);
  }
}

/** Container module with an encoder, a recurrent or transformer module, and a decoder. */
export class TransformerModel extends nn.Transformer {
  model_type: string;
  src_mask: Tensor | null;
  pos_encoder: PositionalEncoding;
  input_emb: nn.Embedding;
  ninp: number;
  declare decoder: nn.Linear;

  constructor(ntoken: number, ninp: number, nhead: number, nhid: number, nlayers: number, dropout = 0.5) {
    super({ d_model: ninp, nhead, dim_feedforward: nhid, num_encoder_layers: nlayers });
    this.model_type = 'Transformer';
    this.src_mask = null;
    this.pos_encoder = new PositionalEncoding(ninp, dropout);

    this.input_emb = new nn.Embedding(ntoken, ninp);
    this.ninp = ninp;
    this.decoder = new nn.Linear(ninp, ntoken);

    this.init_weights();
  }

  _generate_square_subsequent_mask(sz: number): Tensor {
    return torch.log(torch.tril(torch.ones(sz, sz)));
  }

  init_weights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.input_emb.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  override forward(src: Tensor, has_mask?: boolean): Tensor;
  override forward(...args: unknown[]): Tensor;
  override forward(...args: unknown[]): Tensor {
    let src = args[0] as Tensor;
    const has_mask = args[1] === undefined ? true : (args[1] as boolean);
    if (has_mask) {
      if (this.src_mask === null || this.src_mask.size(0) !== src.size(0)) {
        const mask = this._generate_square_subsequent_mask(src.size(0));
        this.src_mask = mask;
      }
    } else {
      this.src_mask = null;
    }

    src = this.input_emb(src).mul(Math.sqrt(this.ninp));
    src = this.pos_encoder(src);
    let output = (this.encoder as (x: Tensor, o: { mask: Tensor | null }) => Tensor)(src, { mask: this.src_mask });
    output = this.decoder(output);
    return F.log_softmax(output, { dim: -1 });
  }
}
