/** The Vision Transformer layers; importing this module registers them for model.json save/load. */
export { PatchEmbed } from './patchEmbed';
export { TransformerBlock } from './transformerBlock';
export { TokenPool, type TokenPoolMode } from './tokenPool';
