// Node-only safetensors helpers: save_file(state_dict, path) and load_file(path), as the
// safetensors Python package names them (torch.save's role for torchlet).
import { writeFileSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.js';
import { readRegularFile } from '../node/read_file.js';
import { serialize, deserialize_with_metadata, type TensorDict } from './safetensors.js';

export function save_file(tensors: TensorDict, filename: string, metadata: Record<string, string> | Map<string, string> | null = null): void {
  writeFileSync(filename, serialize(tensors, metadata));
}

/** The tensors of a .safetensors file, by name, in the file's header order. */
export function load_file(filename: string): Map<string, Tensor> {
  return deserialize_with_metadata(readRegularFile(filename), filename).tensors;
}

/** The `__metadata__` strings of a .safetensors file (null when it has none). */
export function load_metadata(filename: string): Record<string, string> | null {
  return deserialize_with_metadata(readRegularFile(filename), filename).metadata;
}
