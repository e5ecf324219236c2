// Times LeNet-1 training steps (batch 32, momentum SGD, as the smoke tier trains it) on one TensorFlow.js backend:
//   node bench/tfjs-backends/train_steps.mjs --backend cpu|wasm [--steps 40] [--threads N] [--only-last-layer]
// It builds the zoo's LeNet-1 with the worker's own model builder and runs the worker's training step
// (optimizer.minimize of the mean softmax cross-entropy) on random MNIST-shaped batches, so only the backend differs.
// --only-last-layer trains the final linear layer alone (no convolution gradient: what wasm could run).
// Prints one JSON line: the backend, the wasm features it found, whether the step ran, and wall and CPU seconds per step.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModelBuilder } from '../../src/Oracles/Tfjs/model_builder.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'package.json'));
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
console.warn = () => {};

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : fallback; };
const backend = arg('backend', 'cpu');
const steps = Number(arg('steps', '40'));
const threads = arg('threads', null);
if (threads !== null) wasm.setThreadsCount(Number(threads));

const LeNet1 = {
  name: 'LeNet1', dataset: 'mnist', input_shape: [1, 28, 28], classes: 10,
  layers: [
    { kind: 'conv2d', name: 'conv1', args: { in_channels: 1, out_channels: 4, kernel_size: 5, padding: 0 } },
    { kind: 'tanh', name: 'tanh1', args: {} }, { kind: 'avg_pool2d', name: 'pool1', args: { kernel_size: 2 } },
    { kind: 'conv2d', name: 'conv2', args: { in_channels: 4, out_channels: 12, kernel_size: 5, padding: 0 } },
    { kind: 'tanh', name: 'tanh2', args: {} }, { kind: 'avg_pool2d', name: 'pool2', args: { kernel_size: 2 } },
    { kind: 'flatten', name: 'flatten', args: {} }, { kind: 'linear', name: 'fc', args: { in_features: 192, out_features: 10 } },
  ],
  optimizer: { kind: 'sgd', learning_rate: 0.05, momentum: 0.9 },
};

const ok = await tf.setBackend(backend);
await tf.ready();
const report = { backend: tf.getBackend(), initialised: ok, steps };
if (backend === 'wasm') {
  report.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  report.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
}
const model = createModelBuilder(tf).build(LeNet1, 1);
const optimizer = tf.train.momentum(0.05, 0.9, false);
const trainable = process.argv.includes('--only-last-layer') ? model.trainableWeights.slice(-2) : model.trainableWeights;
const variables = trainable.map(w => w.read());
report.trained_tensors = variables.length;
const x = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32', 2), 10);
const step = () => {
  const loss = tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true, variables));
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
};
try {
  step(); // warm-up: kernels compile, buffers allocate
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let last = 0;
  for (let i = 0; i < steps; i++) last = step();
  report.seconds_per_step = Number(process.hrtime.bigint() - started) / 1e9 / steps;
  const used = process.cpuUsage(cpu);
  report.cpu_seconds_per_step = (used.user + used.system) / 1e6 / steps;
  report.last_loss = last;
  // The smoke tier's LeNet-1 training: 3 epochs × 4,000 images in batches of 32 = 375 steps.
  report.smoke_training_cpu_seconds = report.cpu_seconds_per_step * 375;
} catch (e) {
  report.error = e.message;
}
console.log(JSON.stringify(report));
