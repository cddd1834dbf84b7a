/** The kernel one fused Adam step runs (registered per backend, see registerFusedAdam). */
export const FUSED_ADAM = 'TensorscopeFusedAdam';
