#!/usr/bin/env node
// The `torchlet` command: `torchlet train [flags]` runs the port of pytorch/examples mnist/main.py,
// `torchlet article` the worked example of the nll_loss article.
// The worker pool lets the GEMM, conv and loss kernels use every core.
import './node/pool.js';

const [cmd, ...rest] = process.argv.slice(2);

const USAGE = `usage: torchlet <command> [options]

commands:
  train [flags]   train the MNIST example's Net (pytorch/examples mnist/main.py); --help lists the flags
  article         run the nll_loss article's worked example
  mnist_rnn [flags]            pytorch/examples mnist_rnn/main.py (LSTM on the embedded digits)
  word_language_model [flags]  pytorch/examples word_language_model/main.py (on the embedded Brown corpus)
  word_language_model generate [flags]   its generate.py
  char_rnn [flags]             the char-RNN name-classification tutorial (on the embedded surnames)
  polynomial_custom_function   the tutorial "Defining New autograd Functions" (a custom torch.autograd.Function)
  sequence_models              the tutorial "Sequence Models and LSTM Networks" (an LSTM part-of-speech tagger, nn.NLLLoss)
  deep_learning                the tutorial "Deep Learning with PyTorch" (a bag-of-words classifier, nn.NLLLoss)
`;

async function run(): Promise<void> {
  switch (cmd) {
    case 'train': {
      const { main } = await import('./examples/mnist.js');
      await main(rest);
      return;
    }
    case 'article': {
      const { runArticle } = await import('./examples/article.js');
      runArticle();
      return;
    }
    // ---- issue 13: the ported sequence-model examples (src/examples/mnist_rnn.ts, word_language_model/, char_rnn.ts) ----
    case 'mnist_rnn': await (await import('./examples/mnist_rnn.js')).main(rest); return;
    case 'word_language_model':
      if (rest[0] === 'generate') await (await import('./examples/word_language_model/generate.js')).main(rest.slice(1));
      else await (await import('./examples/word_language_model/main.js')).main(rest);
      return;
    case 'char_rnn': await (await import('./examples/char_rnn.js')).main(rest); return;
    case 'polynomial_custom_function': (await import('./examples/polynomial_custom_function.js')).main(); return;
    case 'sequence_models': (await import('./examples/sequence_models.js')).main(); return;
    case 'deep_learning': (await import('./examples/deep_learning.js')).main(); return;
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`torchlet: unknown command '${cmd}'\n${USAGE}`);
      process.exitCode = 2;
  }
}

run().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`${err && err.name ? `${err.name}: ${err.message}` : String(e)}\n`);
  if (process.env.TORCHLET_TRACE) process.stderr.write(`${err?.stack ?? ''}\n`);
  process.exitCode = 1;
});
