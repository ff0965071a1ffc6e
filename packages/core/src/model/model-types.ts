/**
 * What a model declares about its tensors, whatever its format: the signature stored in the
 * package manifest (artifact/manifest.ts), read by the model runtimes and checked by smoke-test.
 */

export interface TensorSpec {
  name: string;
  dtype: string;
  /** Dimensions; `null` for a dynamic one (batch size, sequence length). Absent when unknown. */
  shape?: (number | null)[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}
