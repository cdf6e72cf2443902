// pytorch/examples word_language_model/data.py, ported line for line: a Dictionary of the words
// seen, and a Corpus that reads train.txt, valid.txt and test.txt of a folder as token ids (int64),
// each line's words (Python's str.split()) followed by '<eos>'. The folder may hold the files
// gzipped (train.txt.gz, ...), which is how torchlet's embedded Brown cut ships.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as torch from '../../node/index.js';
import { readRegularFile } from '../../node/read_file.js';
import type { Tensor } from '../../tensor/tensor.js';
import { pySplit } from '../pyformat.js';

/** The folder of torchlet's default corpus: the Brown corpus cut by tools/make_brown_corpus.mjs. */
export const EMBEDDED_BROWN = fileURLToPath(new URL('../../../src/datasets/embedded/brown/', import.meta.url));

export class Dictionary {
  word2idx = new Map<string, number>();
  idx2word: string[] = [];

  add_word(word: string): number {
    if (!this.word2idx.has(word)) {
      this.idx2word.push(word);
      this.word2idx.set(word, this.idx2word.length - 1);
    }
    return this.word2idx.get(word)!;
  }

  get length(): number { return this.idx2word.length; }
}

const words = pySplit; // Python's str.split()
// iterating over a text file yields lines ended by \n, \r or \r\n (universal newlines)
function lines(text: string): string[] {
  const ls = text.split(/\r\n|\r|\n/);
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

export class Corpus {
  dictionary = new Dictionary();
  train: Tensor;
  valid: Tensor;
  test: Tensor;

  constructor(path: string) {
    this.train = this.tokenize(join(path, 'train.txt'));
    this.valid = this.tokenize(join(path, 'valid.txt'));
    this.test = this.tokenize(join(path, 'test.txt'));
  }

  /** Tokenizes a text file. */
  tokenize(path: string): Tensor {
    const text = readText(path);
    // Add words to the dictionary
    const all = lines(text).map((line) => [...words(line), '<eos>']);
    for (const ws of all) for (const word of ws) this.dictionary.add_word(word);

    // Tokenize file content
    const ids = new Float64Array(all.reduce((n, ws) => n + ws.length, 0));
    let k = 0;
    for (const ws of all) for (const word of ws) ids[k++] = this.dictionary.word2idx.get(word)!;
    return torch.from_typed(ids, [ids.length], torch.int64);
  }
}

/** The file as UTF-8 text (data.py opens it with encoding="utf8"), or its .gz beside it. */
function readText(path: string): string {
  if (!existsSync(path) && existsSync(`${path}.gz`)) return new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(readRegularFile(`${path}.gz`)));
  // data.py: assert os.path.exists(path)
  if (!existsSync(path)) throw new torch.AssertionError(`${path} does not exist (word_language_model reads train.txt, valid.txt and test.txt of the --data folder)`);
  return new TextDecoder('utf-8', { fatal: true }).decode(readRegularFile(path));
}
