// Node-only: reading a file a user named (a safetensors file, an IDX file) without letting the
// file decide how much memory to take. Only regular files are read: /dev/zero never ends, a FIFO
// blocks until someone writes, a folder has no bytes. And no more bytes are read than the size
// fstat reported, so a file that grows while it is read cannot grow the buffer.
import { openSync, fstatSync, readSync, closeSync, statSync, constants, type Stats } from 'node:fs';
import { RuntimeError } from '../tensor/errors.js';

/** What a path that is not a regular file is, for the error message. */
function kind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The bytes of the regular file at `path`; RuntimeErrors that start with the path say what is wrong. */
export function readRegularFile(path: string): Buffer {
  const refuse = (st: Stats): never => { throw new RuntimeError(`${path}: not a regular file (${kind(st)}); only regular files can be read`); };
  const cannot = (e: unknown): never => { throw new RuntimeError(`${path}: cannot read the file (${(e as Error).message})`); };
  let fd = -1;
  try {
    // stat before open: opening a named pipe for reading would block until a writer comes
    const st = statSync(path);
    if (!st.isFile()) refuse(st);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    cannot(e);
  }
  try {
    const st = fstatSync(fd); // what was opened, in case the path changed since the stat
    if (!st.isFile()) refuse(st);
    let buf: Buffer;
    try { buf = Buffer.allocUnsafe(st.size); } catch (e) { return cannot(e); }
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break; // the file shrank
      got += n;
    }
    return got < buf.length ? buf.subarray(0, got) : buf;
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    return cannot(e);
  } finally {
    closeSync(fd);
  }
}
