// Node-only safetensors helpers: save_file(state_dict, path) and load_file(path), as the
// safetensors Python package names them (torch.save's role for torchlet).
import { writeFileSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.js';
import { readRegularFile } from '../node/read_file.js';
import { serialize, deserialize_with_metadata, type TensorDict } from './safetensors.js';
import { bind, checkDevice } from '../tensor/args.js';

export function save_file(...args: [tensors: TensorDict, filename: string, metadata?: Record<string, string> | Map<string, string> | null]): void {
  const { tensors, filename, metadata } = bind('save_file(tensors: dict, filename, metadata: dict=None)', args);
  writeFileSync(filename as string, serialize(tensors as TensorDict, metadata as Record<string, string> | Map<string, string> | null));
}

/** The tensors of a .safetensors file, by name, in the file's header order. */
export function load_file(...args: [filename: string, device?: string]): Map<string, Tensor> {
  const { filename, device } = bind("load_file(filename, device='cpu')", args);
  checkDevice(device);
  return deserialize_with_metadata(readRegularFile(filename as string), filename as string).tensors;
}

/** The `__metadata__` strings of a .safetensors file (null when it has none). */
export function load_metadata(...args: [filename: string]): Record<string, string> | null {
  const filename = bind('load_metadata(filename)', args).filename as string;
  return deserialize_with_metadata(readRegularFile(filename), filename).metadata;
}
