// Reads the splits of a dataset cache file (a safetensors file with train_x, train_y, test_x, test_y; layout in
// src/Oracles/Data/DATASETS.md) for every Node worker, checked against the DatasetRef and the model spec. The
// inputs stay in the file's layout (NCHW images as F32, or I64 token ids); each worker converts them for its engine.
import fs from 'node:fs';
import { readSafetensors } from './safetensors.mjs';

function labelsOf(entry, count, key) {
  if (entry.dtype !== 'I64' && entry.dtype !== 'I32') throw new Error(`${key} has dtype ${entry.dtype}, expected I64 labels`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = Number(entry.data[i]);
  return labels;
}

function split(file, spec, prefix, count) {
  const x = file.tensors.get(`${prefix}_x`);
  const y = file.tensors.get(`${prefix}_y`);
  if (x.shape[0] < count || y.shape[0] < count) {
    throw new Error(`${prefix} split has ${Math.min(x.shape[0], y.shape[0])} examples, the dataset reference asks for ${count}`);
  }
  const rowShape = x.shape.slice(1);
  if (rowShape.length !== spec.input_shape.length || rowShape.some((d, i) => d !== spec.input_shape[i])) {
    throw new Error(`${prefix}_x has examples of shape ${JSON.stringify(rowShape)}, model ${spec.name} expects ${JSON.stringify(spec.input_shape)}`);
  }
  const labels = labelsOf(y, count, `${prefix}_y`);
  const bad = labels.findIndex(l => l < 0 || l >= spec.classes);
  if (bad >= 0) throw new Error(`${prefix}_y[${bad}] = ${labels[bad]} is not a class of ${spec.name} (0..${spec.classes - 1})`);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  return { x: { dtype: x.dtype, shape: [count, ...rowShape], data: x.data.subarray(0, count * rowSize) }, labels };
}

/**
 * The splits named by `prefixes` ('train', 'test') of the file a DatasetRef {name, path, train_count, test_count} names:
 * {prefix: {x: {dtype, shape, data: TypedArray}, labels: Int32Array}}, each holding the reference's count of examples.
 */
export function readSplits(data, spec, prefixes) {
  if (!data?.path) throw new Error('dataset reference has no path');
  if (!fs.existsSync(data.path)) throw new Error(`dataset file ${data.path} does not exist (convert the dataset first)`);
  const file = readSafetensors(data.path, prefixes.flatMap(p => [`${p}_x`, `${p}_y`]));
  return Object.fromEntries(prefixes.map(p => [p, split(file, spec, p, data[`${p}_count`])]));
}
