// TensorFlow.js oracle worker: speaks the binary frame protocol of src/Oracles/Workers/PROTOCOL.md on
// stdin/stdout (stdout carries frames only; diagnostics go to stderr).
//
// Usage: node tfjs_worker.mjs --node-modules <dir>
// <dir> is the node_modules folder holding @tensorflow/tfjs 4.22 (the scripts run from the build
// output, so they cannot find it relative to themselves).
//
// Ops beyond the protocol's common arguments: `evaluate` and `activations` take `backend` ("cpu", default, or "wasm")
// for the within-binding backend check; training always runs on cpu because the wasm backend has no
// Conv2DBackpropFilter kernel.
import fs from 'node:fs';
import path from 'node:path';
import { packageRequire } from '../Workers/node_packages.mjs';
import { countCorrect } from '../Workers/predictions.mjs';
import { readSafetensors, writeSafetensors } from '../Workers/safetensors.mjs';
import { serveFrames } from '../Workers/serve_frames.mjs';
import { createModelBuilder, SUPPORTED_KINDS } from './model_builder.mjs';
import { importStateDict, exportStateDict } from './layout.mjs';
import { createDatasetLoader } from './dataset.mjs';
import { createProbeRunner } from './hazard_probes.mjs';

// tfjs prints hints with console.log/warn; keep stdout for frames.
const stdout = process.stdout;
console.log = console.info = console.warn = console.error;

function loadTensorFlow() {
  const { nodeModules, require } = packageRequire();
  try {
    const tf = require('@tensorflow/tfjs');
    require('@tensorflow/tfjs-backend-wasm');
    return tf;
  } catch (e) {
    process.stderr.write(`cannot load @tensorflow/tfjs from ${nodeModules}: ${e.message}\nrun ./bootstrap.sh (npm ci)\n`);
    process.exit(3);
  }
}

const tf = loadTensorFlow();
const builder = createModelBuilder(tf);
const datasets = createDatasetLoader(tf);
const probes = createProbeRunner(tf, builder, importStateDict, readSafetensors);
const BINDING = 'tfjs';
const PROTOCOL = '1.0'; // the version of PROTOCOL.md this worker speaks
const FORMATS = ['tfjs_layers', 'safetensors']; // what exportModel writes and loadModel reads
const LAYERS_WEIGHTS_FILE = 'weights.bin';
const PREDICT_BATCH = 1000;
// The pure-JS cpu and wasm backends have no GPU path; CUDA needs native TensorFlow through tfjs-node-gpu.
const NO_CUDA = 'tfjs runs on its cpu and wasm backends here; CUDA needs @tensorflow/tfjs-node-gpu, which is not installed';

async function useBackend(name) {
  if (name !== 'cpu' && name !== 'wasm') throw new Error(`unknown tfjs backend '${name}' (cpu or wasm)`);
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`tfjs backend '${name}' failed to initialise`);
  await tf.ready();
}

function requireCpuDevice(device) {
  if (device !== undefined && device !== 'cpu') throw new Error(`device '${device}' not available for tfjs (cpu only)`);
}

function makeOptimizer(spec) {
  const o = spec.optimizer;
  switch (o.kind) {
    case 'sgd':
      // PyTorch and tfjs momentum agree: v = m·v + g, p -= lr·v (no dampening, no Nesterov).
      return o.momentum > 0 ? tf.train.momentum(o.learning_rate, o.momentum, false) : tf.train.sgd(o.learning_rate);
    case 'adam':
      // Stated by the spec: tfjs' default epsilon is 1e-7, PyTorch's 1e-8.
      return tf.train.adam(o.learning_rate, o.beta1, o.beta2, o.eps);
    default:
      throw new Error(`unknown optimizer '${o.kind}' (sgd or adam)`);
  }
}

/** Runs x through the model in inference mode; returns Float32Array logits [count, classes]. */
function predictLogits(model, x, classes) {
  const count = x.shape[0];
  const logits = new Float32Array(count * classes);
  for (let start = 0; start < count; start += PREDICT_BATCH) {
    const end = Math.min(count, start + PREDICT_BATCH);
    const part = tf.tidy(() => model.apply(x.slice(start, end - start), { training: false }).dataSync());
    logits.set(part, start * classes);
  }
  return logits;
}

function accuracy(model, x, labels, classes) {
  return countCorrect(predictLogits(model, x, classes), labels, classes) / labels.length;
}

async function saveLayersModel(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async artifacts => {
    const weightData = Array.isArray(artifacts.weightData) ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : artifacts.weightData;
    const modelJson = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [LAYERS_WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
    fs.writeFileSync(path.join(dir, LAYERS_WEIGHTS_FILE), Buffer.from(weightData));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
  }));
}

async function loadLayersModel(dir) {
  const jsonPath = path.join(dir, 'model.json');
  if (!fs.existsSync(jsonPath)) throw new Error(`no model.json in ${dir} (a tfjs_layers model is a folder with model.json and weight files)`);
  let modelJson;
  try {
    modelJson = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  } catch (e) {
    throw new Error(`${jsonPath} is not valid JSON (${e.message})`);
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${jsonPath} lacks modelTopology or weightsManifest`);
  }
  const weightSpecs = modelJson.weightsManifest.flatMap(group => group.weights);
  const shards = modelJson.weightsManifest.flatMap(group => group.paths).map(p => {
    const shard = path.resolve(dir, p);
    if (path.dirname(shard) !== path.resolve(dir)) throw new Error(`weight file '${p}' in ${jsonPath} lies outside the model folder`);
    if (!fs.existsSync(shard)) throw new Error(`weight file '${p}' named in ${jsonPath} is missing`);
    return fs.readFileSync(shard);
  });
  const weightData = Buffer.concat(shards);
  const expected = weightSpecs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weightSpecs.some(w => w.dtype !== 'float32')) throw new Error(`${jsonPath} has non-float32 weights, which these models never save`);
  if (weightData.length !== expected) throw new Error(`weight files of ${jsonPath} hold ${weightData.length} bytes, the manifest needs ${expected}`);
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.length);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: buffer }));
}

async function exportModel(spec, model, exp) {
  switch (exp.format) {
    case 'tfjs_layers':
      await saveLayersModel(model, exp.path);
      break;
    case 'safetensors':
      fs.mkdirSync(path.dirname(path.resolve(exp.path)), { recursive: true });
      writeSafetensors(exp.path, exportStateDict(tf, spec, model), { format: 'pt', producer: `tfjs ${tf.version.tfjs}`, model: spec.name });
      break;
    default:
      throw new Error(`tfjs cannot save ${exp.format} files (tfjs_layers or safetensors)`);
  }
}

async function loadModel(spec, format, file) {
  switch (format) {
    case 'tfjs_layers':
      return loadLayersModel(file);
    case 'safetensors': {
      const model = builder.build(spec);
      try {
        importStateDict(tf, spec, model, readSafetensors(file).tensors);
      } catch (e) {
        model.dispose();
        throw e;
      }
      return model;
    }
    default:
      throw new Error(`tfjs cannot load ${format} files (tfjs_layers or safetensors)`);
  }
}

async function train(args, tensors, progress) {
  requireCpuDevice(args.device);
  await useBackend('cpu');
  const spec = args.model;
  const { epochs, batch_size: batchSize } = args.settings ?? {};
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`settings.epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`settings.batch_size must be a positive integer, got ${batchSize}`);
  const order = tensors.batch_order;
  if (order === undefined || order.dtype !== 'I32') throw new Error('train needs an I32 tensor batch_order [epochs, train_count]');
  const data = datasets.load(args.data, spec, { train: true });
  const n = data.trainLabels.length;
  if (order.shape[0] !== epochs || order.shape[1] !== n) {
    throw new Error(`batch_order has shape ${JSON.stringify(order.shape)}, expected [${epochs}, ${n}]`);
  }
  const orderValues = new Int32Array(order.bytes.buffer, order.bytes.byteOffset, epochs * n);
  const model = builder.build(spec, args.seed ?? 0);
  const optimizer = makeOptimizer(spec);
  const variables = model.trainableWeights.map(w => w.read());
  const trainAccuracy = [];
  const testAccuracy = [];
  const stepLosses = new Float64Array(epochs * Math.ceil(n / batchSize));
  let steps = 0;
  let testLogits = null;
  let trainingSeconds = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const epochOrder = orderValues.subarray(epoch * n, (epoch + 1) * n);
      const started = process.hrtime.bigint();
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < n; start += batchSize) {
        const loss = tf.tidy(() => {
          const indices = tf.tensor1d(epochOrder.subarray(start, Math.min(n, start + batchSize)), 'int32');
          const x = tf.gather(data.trainX, indices);
          const y = tf.oneHot(tf.gather(data.trainY, indices), spec.classes);
          return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true, variables);
        });
        // The cpu backend is synchronous, so reading the loss also marks the end of the step.
        stepLosses[steps] = loss.dataSync()[0];
        lossSum += stepLosses[steps++];
        loss.dispose();
        batches++;
      }
      trainingSeconds += Number(process.hrtime.bigint() - started) / 1e9;
      trainAccuracy.push(accuracy(model, data.trainX, data.trainLabels, spec.classes));
      testLogits = predictLogits(model, data.testX, spec.classes);
      testAccuracy.push(countCorrect(testLogits, data.testLabels, spec.classes) / data.testLabels.length);
      progress(`epoch ${epoch + 1}/${epochs} loss ${(lossSum / batches).toFixed(4)} train ${trainAccuracy.at(-1).toFixed(4)} test ${testAccuracy.at(-1).toFixed(4)} (${trainingSeconds.toFixed(1)} s)`);
    }
    // The last epoch's evaluation is of the trained model, in inference mode, before any export is written.
    for (const exp of args.exports ?? []) await exportModel(spec, model, exp);
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return {
    result: {
      train_accuracy: trainAccuracy,
      test_accuracy: testAccuracy,
      final_test_accuracy: testAccuracy.at(-1),
      training_seconds: trainingSeconds,
      version: tf.version.tfjs,
    },
    tensors: [
      { name: 'step_losses', dtype: 'F64', shape: [steps], data: stepLosses },
      { name: 'final_test_logits', dtype: 'F32', shape: [data.testLabels.length, spec.classes], data: testLogits },
    ],
  };
}

async function evaluate(args) {
  requireCpuDevice(args.device);
  const backend = args.backend ?? 'cpu';
  await useBackend(backend);
  const spec = args.model;
  const passes = args.passes ?? 5;
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`passes must be a positive integer, got ${passes}`);
  try {
    const model = await loadModel(spec, args.format, args.path);
    try {
      const data = datasets.load(args.data, spec, { train: false });
      predictLogits(model, data.testX, spec.classes); // untimed warm-up
      const count = data.testLabels.length;
      const size = count * spec.classes;
      const passLogits = new Float32Array(passes * size);
      const correct = [];
      const seconds = [];
      for (let p = 0; p < passes; p++) {
        const started = process.hrtime.bigint();
        const logits = predictLogits(model, data.testX, spec.classes);
        seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
        correct.push(countCorrect(logits, data.testLabels, spec.classes));
        passLogits.set(logits, p * size);
      }
      return {
        result: { count, classes: spec.classes, correct_per_pass: correct, pass_seconds: seconds, backend },
        tensors: [{ name: 'logits', dtype: 'F32', shape: [passes, count, spec.classes], data: passLogits }],
      };
    } finally {
      model.dispose();
    }
  } finally {
    // Dataset tensors live on the backend they were made on; keep the cache on cpu only.
    if (backend !== 'cpu') {
      datasets.clear();
      await useBackend('cpu');
    }
  }
}

/** One hazard probe in one execution mode (hazard_probes.mjs), on the cpu backend. */
async function probe(args, tensors) {
  requireCpuDevice(args.device);
  await useBackend('cpu');
  return probes.run(args, tensors);
}

/** The request's batch x (NCHW images as F32, or I64 token ids) as the model's input: NHWC float32 or int32 ids. */
function activationInputs(spec, x) {
  const embedding = spec.layers[0]?.kind === 'embedding';
  const dtype = embedding ? 'I64' : 'F32';
  const rowShape = x?.shape.slice(1) ?? [];
  if (x === undefined || x.dtype !== dtype || x.shape.length === 0 || x.shape[0] < 1
      || rowShape.length !== spec.input_shape.length || rowShape.some((d, i) => d !== spec.input_shape[i])) {
    const got = x === undefined ? 'none' : `${x.dtype} [${x.shape.join(', ')}]`;
    throw new Error(`activations input x is ${got}; model ${spec.name} needs ${dtype} [n >= 1, ${spec.input_shape.join(', ')}]`);
  }
  const count = x.shape.reduce((a, b) => a * b, 1);
  if (embedding) {
    const ids = new BigInt64Array(x.bytes.buffer, x.bytes.byteOffset, count);
    return tf.tensor(Int32Array.from(ids, Number), x.shape, 'int32');
  }
  const values = new Float32Array(x.bytes.buffer, x.bytes.byteOffset, count);
  return tf.tidy(() => {
    const t = tf.tensor(values, x.shape, 'float32');
    return x.shape.length === 4 ? t.transpose([0, 2, 3, 1]) : t;
  });
}

/**
 * Every spec layer's output on the batch x, in evaluation mode, in PyTorch's layout (NHWC → NCHW). Each spec layer
 * ends in the tfjs layer of its name (model_builder.mjs; a padding or permute layer before it is part of it); a
 * tfjs_layers model without those names reports its output alone.
 */
async function activations(args, tensors) {
  requireCpuDevice(args.device);
  const backend = args.backend ?? 'cpu';
  await useBackend(backend);
  const spec = args.model;
  let input;
  try {
    input = activationInputs(spec, tensors.x);
    if (!fs.existsSync(args.path)) throw new Error(`${args.format} file not found: ${args.path}`);
    const model = await loadModel(spec, args.format, args.path);
    try {
      const names = new Set(model.layers.map(l => l.name));
      const layerNames = spec.layers.every(l => names.has(l.name)) ? spec.layers.map(l => l.name) : null;
      const outputs = layerNames === null ? model.outputs : layerNames.map(n => model.getLayer(n).output);
      const probe = tf.model({ inputs: model.inputs, outputs });
      const results = tf.tidy(() => {
        const values = probe.predict(input);
        return (Array.isArray(values) ? values : [values]).map(v => (v.rank === 4 ? v.transpose([0, 3, 1, 2]) : v));
      });
      try {
        return {
          result: { layers: layerNames ?? ['output'] },
          tensors: results.map((t, i) => ({
            name: layerNames?.[i] ?? 'output', dtype: 'F32', shape: t.shape, data: Float32Array.from(t.dataSync()),
          })),
        };
      } finally {
        tf.dispose(results);
      }
    } finally {
      model.dispose();
    }
  } finally {
    input?.dispose();
    if (backend !== 'cpu') await useBackend('cpu');
  }
}

// Layer kinds built as the spec defines them, for a model of the user's own: tfjs's GRU is reset-before, whereas the spec's
// (PyTorch's) applies the reset gate after the recurrent matmul, so the same weights compute another function.
const SPEC_KINDS = SUPPORTED_KINDS.filter(kind => kind !== 'gru');

/** Why each layer kind of the spec that this worker does not build is missing, in tfjs's terms. */
function absentLayerKinds() {
  return {
    gru: `TensorFlow.js ${tf.version.tfjs} has only the reset-before GRU (tf.layers.gru rejects reset_after), a different function from the spec's PyTorch GRU`,
    transformer_encoder: `tf.layers ${tf.version.tfjs} has no multi-head attention`,
  };
}

async function hello() {
  const backends = ['cpu'];
  try {
    await useBackend('wasm');
    backends.push('wasm');
  } catch (e) {
    process.stderr.write(`wasm backend unavailable: ${e.message}\n`);
  }
  await useBackend('cpu');
  // What this binding is and can do (PROTOCOL.md, "hello"); live_tensors lets a host check that requests leave no tensors behind.
  return {
    result: {
      protocol: PROTOCOL, binding: BINDING, version: tf.version.tfjs, framework: 'tensorflow', language: 'javascript', default: false,
      engine: 'tfjs-backend-cpu', engine_version: tf.version['tfjs-backend-cpu'],
      devices: ['cpu'], absent_devices: { cuda: NO_CUDA },
      can_train: true,
      // The zoo's GRU model trains with tfjs's own GRU (judged statistically); the spec's GRU is not a layer kind it builds.
      models: ['GRU'], layer_kinds: SPEC_KINDS, absent_layer_kinds: absentLayerKinds(),
      save_formats: FORMATS, load_formats: FORMATS,
      // Reported in PyTorch's layout (NCHW), so that layers compare one to one with the PyTorch family.
      activation_formats: FORMATS,
      alternate_backends: backends.filter(b => b !== 'cpu'), execution_modes: ['eager', 'layers'],
      // Pure-JS LeNet-1 takes about 3 minutes a seed on 2 cores, LeNet-5 about 14 (README.md beside this file).
      slow_training: true, training_step: false,
      backends, live_tensors: tf.memory().numTensors,
    },
  };
}

serveFrames({ hello, train, evaluate, activations, probe }, stdout, 'tfjs worker').catch(e => {
  process.stderr.write(`tfjs worker stopped: ${e?.stack ?? e}\n`);
  process.exit(1);
});
