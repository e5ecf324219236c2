// Loads a dataset from the shared cache (../Workers/dataset_splits.mjs) as tfjs tensors: images NCHW → NHWC, labels
// int32. Keeps the last dataset so repeated requests (train, then evaluate passes) read the file once.
import fs from 'node:fs';
import { readSplits } from '../Workers/dataset_splits.mjs';

export function createDatasetLoader(tf) {
  let cached = null;

  function inputs({ dtype, shape, data }) {
    const values = dtype === 'F32' ? data : Float32Array.from(data, Number);
    return tf.tidy(() => {
      const x = tf.tensor(values, shape, 'float32');
      return shape.length === 4 ? x.transpose([0, 2, 3, 1]) : x;
    });
  }

  /** data: DatasetRef JSON {name, path, train_count, test_count}. */
  function load(data, spec, { train }) {
    const key = fs.existsSync(data?.path ?? '')
      ? JSON.stringify([data.path, fs.statSync(data.path).mtimeMs, data.train_count, data.test_count, spec.input_shape, spec.classes])
      : null;
    if (key !== null && cached?.key === key && (cached.trainX || !train)) return cached;
    clear();
    const splits = readSplits(data, spec, train ? ['test', 'train'] : ['test']);
    cached = { key, testX: inputs(splits.test.x), testLabels: splits.test.labels };
    if (train) {
      cached.trainX = inputs(splits.train.x);
      cached.trainLabels = splits.train.labels;
      cached.trainY = tf.tensor1d(splits.train.labels, 'int32');
    }
    return cached;
  }

  function clear() {
    if (cached === null) return;
    for (const t of [cached.trainX, cached.trainY, cached.testX]) t?.dispose();
    cached = null;
  }

  return { load, clear };
}
