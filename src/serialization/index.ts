// Browser-safe serialization: safetensors bytes <-> named tensors.
export { serialize, deserialize, deserialize_with_metadata, type TensorDict, type Deserialized, type Bytes } from './safetensors.js';
