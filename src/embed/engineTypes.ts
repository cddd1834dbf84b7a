// Type-only re-exports, so the embed's modules name the engine's types without importing its code.
export type { BackendChoice, BackendName } from '../core/types';
export type { BackendInfo } from '../training/protocol';
