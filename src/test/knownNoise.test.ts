import { describe, expect, it } from 'vitest';
import { isKnownNoise } from './knownNoise';

const MISSING_WASM = "Aborted(Error: ENOENT: no such file or directory, open '/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'). Build with -sASSERTIONS for more info.";

describe('the test setup drops only the known console noise', () => {
  it('drops the wasm backend failing to find its binary in Node: the module\'s message, and the stack tfjs logs', () => {
    expect(isKnownNoise([MISSING_WASM])).toBe(true);
    expect(isKnownNoise([`failed to asynchronously prepare wasm: RuntimeError: ${MISSING_WASM}`])).toBe(true);
    const stack = `RuntimeError: ${MISSING_WASM}\n    at abort (/x/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js:8755:132)\n    at getBinary (/x/tf-backend-wasm.node.js:8774:17)`;
    expect(isKnownNoise([stack])).toBe(true);
  });

  it('keeps every other message, errors included', () => {
    expect(isKnownNoise(['Tensor is disposed.'])).toBe(false);
    expect(isKnownNoise([new Error("ENOENT: no such file or directory, open '/data/mnist.gz'")])).toBe(false);
    expect(isKnownNoise([`RuntimeError: ${MISSING_WASM.replace('.wasm', '.json')}`])).toBe(false);
    expect(isKnownNoise([`RuntimeError: ${MISSING_WASM}\nsomething else`])).toBe(false);
    expect(isKnownNoise([])).toBe(false);
  });
});
