import { describe, expect, it } from 'vitest';
import { kerasSummary } from './kerasSummary';
import { specFromPreset } from './presets';

describe('kerasSummary', () => {
  it('matches Keras model.summary() for the Keras MLP preset (Total params: 101,770)', () => {
    const s = kerasSummary(specFromPreset('keras-mlp').model.layers, [28, 28, 1]);
    expect(s.rows.map((r) => [r.name, r.kind, r.outputShape, r.params])).toEqual([
      ['flatten_1', 'Flatten', [784], 0],
      ['dense_1', 'Dense', [128], 100480],
      ['dropout_1', 'Dropout', [128], 0],
      ['dense_2', 'Dense', [10], 1290],
    ]);
    expect(s.text).toContain('Total params: 101,770');
    expect(s.text).toContain('Trainable params: 101,770');
    expect(s.text).toContain('Non-trainable params: 0');
    expect(s.text).toMatch(/ dense_1 \(Dense\) +\(None, 128\) +100480\n/);
    expect(s.text.split('\n')[2]).toMatch(/^ Layer \(type\) +Output Shape +Param #$/);
  });

  it('matches Keras for the CNN preset (the classic Keras MNIST convnet: 225,034 parameters)', () => {
    const s = kerasSummary(specFromPreset('cnn').model.layers, [28, 28, 1]);
    expect(s.rows.map((r) => [r.kind, r.outputShape, r.params])).toEqual([
      ['Conv2D', [26, 26, 32], 320],
      ['MaxPooling2D', [13, 13, 32], 0],
      ['Conv2D', [11, 11, 64], 18496],
      ['MaxPooling2D', [5, 5, 64], 0],
      ['Flatten', [1600], 0],
      ['Dense', [128], 204928],
      ['Dropout', [128], 0],
      ['Dense', [10], 1290],
    ]);
    expect(s.total).toBe(225034);
    expect(s.text).toContain('(None, 26, 26, 32)');
    expect(s.text).toContain('Total params: 225,034');
  });

  it('counts batch norm moving statistics as non-trainable, and shows the row reshape before a recurrent layer', () => {
    const bn = kerasSummary([{ type: 'flatten' }, { type: 'dense', units: 64, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dense', units: 10, activation: 'softmax' }], [28, 28, 1]);
    // Keras: BatchNormalization(64) has 256 params, 128 of them non-trainable.
    expect(bn.total).toBe(784 * 64 + 64 + 256 + 650);
    expect(bn.nonTrainable).toBe(128);
    expect(bn.trainable).toBe(bn.total - 128);
    const lstm = kerasSummary(specFromPreset('lstm-rows').model.layers, [28, 28, 1]);
    expect(lstm.rows[0]).toEqual({ name: 'lstm_1_rows', kind: 'Reshape', outputShape: [28, 28], params: 0 });
    // Keras: LSTM(128) over 28 features has 4·(128·(28 + 128) + 128) = 80,384 parameters.
    expect(lstm.rows[1].params).toBe(80384);
  });
});
