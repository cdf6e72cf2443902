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
