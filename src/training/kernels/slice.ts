import * as tf from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './compose';

/**
 * Slice for the wasm backend that copies only the window. tfjs 4.22's wasm Slice starts with
 * `backend.readSync(x)`, which copies the whole input out of the wasm heap (`HEAPU8.slice`) before taking the
 * window: a 4 MB dropout pool cost 15–25 ms per window, every batch, per dropout layer. Here both sides are views
 * of the heap. The output is made first: making it can grow the heap, which detaches earlier views.
 *
 * Any rank and dtype but string (wasm's own kernel does those). Rows of the innermost dimension are
 * copied with `set` (a memmove), so a contiguous window is one copy.
 */
export function wasmSlice(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string') return original(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
    const out = backend.makeOutput(s, x.dtype);
    if (tf.util.sizeFromShape(s) > 0) copyWindow(backend.typedArrayFromHeap(x), x.shape, b, s, backend.typedArrayFromHeap(out));
    return out;
  };
}

/** Copies the window [begin, begin + size) of a row-major array of `shape` into `dst` (row-major, `size`). */
export function copyWindow(src: tf.TypedArray, shape: readonly number[], begin: readonly number[], size: readonly number[], dst: tf.TypedArray): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = tf.util.computeStrides([...shape]);
  // Trailing axes taken whole make one longer contiguous run.
  let inner = rank - 1;
  let run = size[inner];
  while (inner > 0 && size[inner] === shape[inner] && begin[inner] === 0) {
    inner--;
    run *= size[inner];
  }
  // `inner` is the first axis of the contiguous run; the outer axes [0, inner) are walked like an odometer.
  const outer = size.slice(0, inner);
  const count = outer.reduce((a, v) => a * v, 1);
  const index = new Array<number>(inner).fill(0);
  const baseOffset = begin.reduce((a, v, i) => a + v * (i < strides.length ? strides[i] : 1), 0);
  let dstOffset = 0;
  for (let k = 0; k < count; k++) {
    let offset = baseOffset;
    for (let i = 0; i < inner; i++) offset += index[i] * strides[i];
    dst.set(src.subarray(offset, offset + run), dstOffset);
    dstOffset += run;
    for (let i = inner - 1; i >= 0; i--) {
      if (++index[i] < outer[i]) break;
      index[i] = 0;
    }
  }
}
