// Loads a dataset from the shared cache (a safetensors file with train_x, train_y, test_x, test_y) as
// tfjs tensors: images NCHW → NHWC, labels int32. Keeps the last dataset so repeated requests
// (train, then evaluate passes) read the file once.
import fs from 'node:fs';

function labelsOf(entry, count, key) {
  if (entry.dtype !== 'I64' && entry.dtype !== 'I32') throw new Error(`${key} has dtype ${entry.dtype}, expected I64 labels`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = Number(entry.data[i]);
  return labels;
}

export function createDatasetLoader(tf, readSafetensors) {
  let cached = null;

  function inputs(entry, count, spec, key) {
    const rowShape = entry.shape.slice(1);
    if (rowShape.length !== spec.input_shape.length || rowShape.some((d, i) => d !== spec.input_shape[i])) {
      throw new Error(`${key} has examples of shape ${JSON.stringify(rowShape)}, model ${spec.name} expects ${JSON.stringify(spec.input_shape)}`);
    }
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    const values = entry.dtype === 'F32' ? entry.data.subarray(0, count * rowSize) : Float32Array.from(entry.data.subarray(0, count * rowSize), Number);
    return tf.tidy(() => {
      const x = tf.tensor(values, [count, ...rowShape], 'float32');
      return rowShape.length === 3 ? x.transpose([0, 2, 3, 1]) : x;
    });
  }

  function split(file, spec, prefix, count) {
    const x = file.tensors.get(`${prefix}_x`);
    const y = file.tensors.get(`${prefix}_y`);
    if (x.shape[0] < count || y.shape[0] < count) {
      throw new Error(`${prefix} split has ${Math.min(x.shape[0], y.shape[0])} examples, the dataset reference asks for ${count}`);
    }
    const labels = labelsOf(y, count, `${prefix}_y`);
    const bad = labels.findIndex(l => l < 0 || l >= spec.classes);
    if (bad >= 0) throw new Error(`${prefix}_y[${bad}] = ${labels[bad]} is not a class of ${spec.name} (0..${spec.classes - 1})`);
    return { x: inputs(x, count, spec, `${prefix}_x`), labels };
  }

  /** data: DatasetRef JSON {name, path, train_count, test_count}. */
  function load(data, spec, { train }) {
    if (!data?.path) throw new Error('dataset reference has no path');
    if (!fs.existsSync(data.path)) throw new Error(`dataset file ${data.path} does not exist (convert the dataset first)`);
    const key = JSON.stringify([data.path, fs.statSync(data.path).mtimeMs, data.train_count, data.test_count, spec.input_shape, spec.classes]);
    if (cached?.key === key && (cached.trainX || !train)) return cached;
    clear();
    const names = train ? ['train_x', 'train_y', 'test_x', 'test_y'] : ['test_x', 'test_y'];
    const file = readSafetensors(data.path, names);
    const test = split(file, spec, 'test', data.test_count);
    cached = { key, testX: test.x, testLabels: test.labels };
    if (train) {
      const trainSplit = split(file, spec, 'train', data.train_count);
      cached.trainX = trainSplit.x;
      cached.trainLabels = trainSplit.labels;
      cached.trainY = tf.tensor1d(trainSplit.labels, 'int32');
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
