// ONNX Runtime for Node oracle worker (binding `onnxruntime-node`): speaks the frame protocol of
// src/Oracles/Workers/PROTOCOL.md on stdin/stdout (stdout carries frames only; diagnostics go to stderr).
// Inference only: it evaluates ONNX files other bindings exported (Python's torch.onnx.export), as ONNX Runtime's
// C# binding does, and reports their output for `activations`.
//
// Usage: node onnxruntime_worker.mjs --node-modules <dir> [--threads N]
// <dir> is the node_modules folder holding onnxruntime-node; N (else $BINDING_CONFORMANCE_THREADS, else ONNX Runtime's
// default) is a session's intra-op thread count.
import fs from 'node:fs';
import path from 'node:path';
import { readSplits } from '../Workers/dataset_splits.mjs';
import { packageRequire } from '../Workers/node_packages.mjs';
import { countCorrect } from '../Workers/predictions.mjs';
import { serveFrames } from '../Workers/serve_frames.mjs';

const stdout = process.stdout;
console.log = console.info = console.warn = console.error;

const BINDING = 'onnxruntime-node';
const PROTOCOL = '1.0'; // the version of PROTOCOL.md this worker speaks
const PACKAGE = 'onnxruntime-node';
const EVALUATION_BATCH = 1000; // as ONNX Runtime's C# oracle, so that both run the same batches
// The zoo's models, each as the reference exports it to ONNX: an inference session runs any graph, so it builds no layers.
const MODELS = ['LeNet1', 'LeNet5', 'VGG16', 'LSTM', 'GRU', 'BERT'];

function loadOnnxRuntime() {
  const { nodeModules, require } = packageRequire();
  try {
    return { ort: require(PACKAGE), version: require(`${PACKAGE}/package.json`).version, folder: path.dirname(require.resolve(`${PACKAGE}/package.json`)) };
  } catch (e) {
    process.stderr.write(`cannot load ${PACKAGE} from ${nodeModules}: ${e.message}\nrun ./bootstrap.sh (npm ci)\n`);
    process.exit(3);
  }
}

const { ort, version, folder } = loadOnnxRuntime();

function threadsOption() {
  const i = process.argv.indexOf('--threads');
  const count = Number(i >= 0 ? process.argv[i + 1] : process.env.BINDING_CONFORMANCE_THREADS ?? 0);
  return Number.isInteger(count) && count > 0 ? count : undefined;
}

const threads = threadsOption();

/** Why CUDA is missing: the package ships the CUDA execution provider only through its install script's download. */
function cudaAbsence() {
  const provider = path.join(folder, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');
  return fs.existsSync(provider)
    ? `${BINDING} ${version} has its CUDA execution provider, but this worker runs the CPU execution provider only`
    : `${BINDING} ${version} has no CUDA execution provider here (its install script, which downloads it, does not run: .npmrc ignore-scripts)`;
}

function requireCpuDevice(device) {
  if (device !== undefined && device !== 'cpu') throw new Error(`device '${device}' not available for ${BINDING} (cpu only): ${cudaAbsence()}`);
}

async function openSession(file) {
  if (!fs.existsSync(file)) throw new Error(`ONNX model not found: ${file}`);
  try {
    return await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads } : {}) });
  } catch (e) {
    throw new Error(`ONNX Runtime cannot load ${file}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}

/** Inputs {dtype: F32 | I64, shape: [n, ...], data} as ONNX tensors of rows [start, start + count). */
function inputSlice({ dtype, shape, data }, start, count) {
  const row = shape.slice(1).reduce((a, b) => a * b, 1);
  const values = data.subarray(start * row, (start + count) * row);
  return dtype === 'I64' ? new ort.Tensor('int64', values, [count, ...shape.slice(1)]) : new ort.Tensor('float32', values, [count, ...shape.slice(1)]);
}

/** Float32Array logits [n, classes] of the inputs, in batches of EVALUATION_BATCH. */
async function predict(session, inputs, classes) {
  const count = inputs.shape[0];
  const logits = new Float32Array(count * classes);
  for (let start = 0; start < count; start += EVALUATION_BATCH) {
    const size = Math.min(EVALUATION_BATCH, count - start);
    const outputs = await session.run({ [session.inputNames[0]]: inputSlice(inputs, start, size) }, [session.outputNames[0]]);
    const batch = outputs[session.outputNames[0]].data;
    if (batch.length !== size * classes) throw new Error(`ONNX model returned ${batch.length} values for ${size} examples of ${classes} classes`);
    logits.set(batch, start * classes);
  }
  return logits;
}

function requireOnnx(format) {
  if (format !== 'onnx') throw new Error(`${BINDING} cannot load ${format} files (onnx only)`);
}

async function withSession(file, work) {
  const session = await openSession(file);
  try {
    if (session.inputNames.length !== 1) throw new Error(`${file} has inputs ${session.inputNames.join(', ')}; the zoo's exports have one`);
    return await work(session);
  } finally {
    await session.release();
  }
}

async function evaluate(args) {
  requireCpuDevice(args.device);
  requireOnnx(args.format);
  const spec = args.model;
  const passes = args.passes ?? 5;
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`passes must be a positive integer, got ${passes}`);
  const { test } = readSplits(args.data, spec, ['test']);
  return withSession(args.path, async session => {
    await predict(session, test.x, spec.classes); // untimed warm-up
    const count = test.labels.length;
    const size = count * spec.classes;
    const passLogits = new Float32Array(passes * size);
    const correct = [];
    const seconds = [];
    for (let p = 0; p < passes; p++) {
      const started = process.hrtime.bigint();
      const logits = await predict(session, test.x, spec.classes);
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
      correct.push(countCorrect(logits, test.labels, spec.classes));
      passLogits.set(logits, p * size);
    }
    return {
      result: { count, classes: spec.classes, correct_per_pass: correct, pass_seconds: seconds },
      tensors: [{ name: 'logits', dtype: 'F32', shape: [passes, count, spec.classes], data: passLogits }],
    };
  });
}

/** The output alone (PROTOCOL.md, op `activations`): an exported graph has no spec layers to name. */
async function activations(args, tensors) {
  requireCpuDevice(args.device);
  requireOnnx(args.format);
  const spec = args.model;
  const x = tensors.x;
  const dtype = spec.layers[0]?.kind === 'embedding' ? 'I64' : 'F32';
  const rowShape = x?.shape.slice(1) ?? [];
  if (x === undefined || x.dtype !== dtype || x.shape.length === 0 || x.shape[0] < 1
      || rowShape.length !== spec.input_shape.length || rowShape.some((d, i) => d !== spec.input_shape[i])) {
    const got = x === undefined ? 'none' : `${x.dtype} [${x.shape.join(', ')}]`;
    throw new Error(`activations input x is ${got}; model ${spec.name} needs ${dtype} [n >= 1, ${spec.input_shape.join(', ')}]`);
  }
  const elements = x.shape.reduce((a, b) => a * b, 1);
  const array = dtype === 'I64' ? BigInt64Array : Float32Array;
  const inputs = { dtype, shape: x.shape, data: new array(x.bytes.buffer, x.bytes.byteOffset, elements) };
  return withSession(args.path, async session => ({
    result: { layers: ['output'] },
    tensors: [{ name: 'output', dtype: 'F32', shape: [x.shape[0], spec.classes], data: await predict(session, inputs, spec.classes) }],
  }));
}

/** What this binding is and can do (PROTOCOL.md, "hello"); the host builds its capabilities from it. */
async function hello() {
  return {
    result: {
      protocol: PROTOCOL, binding: BINDING, version, framework: 'onnx', language: 'javascript', default: false,
      engine: 'onnxruntime', engine_version: ort.env.versions.node ?? version,
      devices: ['cpu'], absent_devices: { cuda: cudaAbsence() },
      can_train: false, models: MODELS, save_formats: [], load_formats: ['onnx'], activation_formats: ['onnx'],
      execution_modes: [], training_step: false,
      threads: threads ?? null,
    },
  };
}

serveFrames({ hello, evaluate, activations }, stdout, 'onnxruntime-node worker').catch(e => {
  process.stderr.write(`onnxruntime-node worker stopped: ${e?.stack ?? e}\n`);
  process.exit(1);
});
