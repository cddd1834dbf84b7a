import fc from 'fast-check';

// Property tests use a fixed seed in CI so a run is reproducible; set FC_SEED to explore other inputs locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });
