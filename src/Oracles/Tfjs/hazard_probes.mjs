// The hazard probes of src/Oracles/Hybridization/HazardProbes.cs in TensorFlow.js, and the `probe` op that runs one in
// one execution mode:
// - eager: the probe's ops on concrete tensors (a control: its layers applied one by one, in inference mode);
// - layers: a tf.LayersModel built on the first case's shape and run with model.predict. A hazard probe is a custom
//   layer whose call() is the eager function: predict runs it on every call, since tfjs layers capture no graph.
// The caller's input is never changed: tfjs tensors are immutable, so in-place-input's add_ is a new tensor.

import fs from 'node:fs';
import path from 'node:path';

const SCALE_AT_CAPTURE = 2;
const SCALE_AFTER_CAPTURE = 3;
// Inference batch of model.predict; every case is smaller, so one call() per case.
const PREDICT_BATCH = 32;

export function createProbeRunner(tf, builder, importStateDict, readSafetensors) {
  /** A hazard probe's function and state; `after` applies what changes between capture and the cases. */
  function hazard(name) {
    const state = { calls: 0, scale: SCALE_AT_CAPTURE };
    const functions = {
      'tensor-branch': x => (x.sum().dataSync()[0] > 0 ? x.mul(2) : x.sub(1)),
      'data-loop': x => {
        const trips = Math.trunc(x.dataSync()[0]);
        for (let trip = 0; trip < trips; trip++) x = x.mul(0.5).add(1);
        return x;
      },
      'baked-batch': x => x.reshape([x.shape[0], -1]).mean(1),
      'side-effect-counter': x => {
        state.calls++;
        return x.add(1);
      },
      'captured-scalar': x => x.mul(state.scale),
      'in-place-input': x => x.add(1).mul(2),
      'variable-length-rnn': x => {
        let h = tf.zeros([x.shape[0], x.shape[2]]);
        for (let t = 0; t < x.shape[1]; t++) {
          const step = x.slice([0, t, 0], [-1, 1, -1]).reshape([x.shape[0], x.shape[2]]);
          h = tf.tanh(step.mul(0.5).add(h.mul(0.9)));
        }
        return h;
      },
    };
    const outputShape = {
      'baked-batch': shape => [shape[0]],
      'variable-length-rnn': shape => [shape[0], shape[2]],
    };
    if (!(name in functions)) return null;
    return {
      state,
      forward: functions[name],
      outputShape: outputShape[name] ?? (shape => shape),
      after: () => { state.scale = SCALE_AFTER_CAPTURE; },
    };
  }

  /** Batch norm over 8 features with the probe's statistics; tfjs layers run it in inference mode unless told otherwise. */
  function batchNorm() {
    return tf.layers.batchNormalization({
      axis: -1, epsilon: 1e-5, momentum: 0.9, name: 'norm',
      movingMeanInitializer: tf.initializers.constant({ value: 0.5 }),
      movingVarianceInitializer: tf.initializers.constant({ value: 2 }),
    });
  }

  class ProbeLayer extends tf.layers.Layer {
    constructor(probe) {
      super({ name: 'probe' });
      this.probe = probe;
    }

    computeOutputShape(shape) {
      return this.probe.outputShape(shape);
    }

    call(inputs) {
      return this.probe.forward(Array.isArray(inputs) ? inputs[0] : inputs);
    }

    static get className() {
      return 'HazardProbeLayer';
    }
  }

  function caseTensor(entry, name, control) {
    const { dtype, shape, bytes } = entry;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    let values;
    if (dtype === 'F32') values = new Float32Array(buffer);
    else if (dtype === 'I64') values = Float32Array.from(new BigInt64Array(buffer), Number);
    else throw new Error(`case '${name}' is ${dtype}; probes take F32 inputs or I64 token ids`);
    return tf.tidy(() => {
      const x = tf.tensor(values, shape, 'float32');
      // Images arrive NCHW as in PyTorch; the tfjs zoo models are NHWC (model_builder.mjs).
      return control && shape.length === 4 ? x.transpose([0, 2, 3, 1]) : x;
    });
  }

  /** {forward(x), calls(), dispose()} of the probe in the mode, or {incompatible}. */
  function prepare(name, mode, control, artifacts, firstShape) {
    if (control) {
      if (control.name !== name) throw new Error(`control probe '${name}' came with the spec of model '${control.name}'`);
      const weights = path.join(artifacts, `${name}.safetensors`);
      if (!fs.existsSync(weights)) throw new Error(`no initial weights of control ${name}: ${weights} does not exist (the reference's eager mode writes it)`);
      let model;
      try {
        model = builder.build(control);
        importStateDict(tf, control, model, readSafetensors(weights).tensors);
      } catch (e) {
        model?.dispose();
        return { incompatible: `tfjs cannot run control ${name} from ${weights}: ${String(e?.message ?? e).split('\n')[0]}` };
      }
      const forward = mode === 'layers'
        ? x => model.predict(x, { batchSize: PREDICT_BATCH })
        : x => model.layers.slice(1).reduce((y, layer) => layer.apply(y, { training: false }), x);
      return { forward, calls: () => null, dispose: () => model.dispose() };
    }
    if (name === 'train-eval-batch-norm') {
      const norm = batchNorm();
      const input = tf.input({ shape: firstShape.slice(1), name: 'input' });
      const model = tf.model({ inputs: input, outputs: norm.apply(input) });
      const forward = mode === 'layers' ? x => model.predict(x, { batchSize: PREDICT_BATCH }) : x => norm.apply(x, { training: false });
      return { forward, calls: () => null, dispose: () => model.dispose() };
    }
    const probe = hazard(name);
    if (probe === null) throw new Error(`unknown hazard probe '${name}'`);
    let forward = probe.forward;
    let model = null;
    if (mode === 'layers') {
      const input = tf.input({ shape: firstShape.slice(1), name: 'input' });
      model = tf.model({ inputs: input, outputs: new ProbeLayer(probe).apply(input) });
      forward = x => model.predict(x, { batchSize: PREDICT_BATCH });
    }
    probe.after();
    return { forward, calls: () => probe.state.calls, dispose: () => model?.dispose() };
  }

  function oneLine(e) {
    return String(e?.message ?? e).split('\n')[0];
  }

  /** The `probe` op: {result, tensors}; see PROTOCOL.md. */
  function run(args, tensors) {
    const { probe: name, mode, artifacts, passes = 10, control = null } = args;
    if (mode !== 'eager' && mode !== 'layers') throw new Error(`the tfjs worker has no execution mode '${mode}' (eager, layers)`);
    if (!Number.isInteger(passes) || passes < 0) throw new Error(`passes must be a non-negative integer, got ${passes}`);
    const cases = Object.entries(tensors);
    if (cases.length === 0) throw new Error(`probe '${name}' came with no cases`);
    const program = prepare(name, mode, control, artifacts, cases[0][1].shape);
    if (program.incompatible) {
      return { result: { incompatible: program.incompatible, diagnostics: [], side_effects: null, pass_seconds: [] }, tensors: [] };
    }
    try {
      const outputs = [];
      const diagnostics = [];
      const callsBefore = program.calls();
      let changed = 0;
      for (const [caseName, entry] of cases) {
        const x = caseTensor(entry, caseName, control);
        const before = x.dataSync().slice();
        try {
          const y = tf.tidy(() => program.forward(x));
          outputs.push({ name: caseName, dtype: 'F32', shape: y.shape, data: Float32Array.from(y.dataSync()) });
          y.dispose();
        } catch (e) {
          diagnostics.push(`case ${caseName}: ${oneLine(e)}`);
        } finally {
          if (x.dataSync().some((v, i) => v !== before[i])) changed++;
          x.dispose();
        }
      }
      const sideEffects = name === 'side-effect-counter' ? program.calls() - callsBefore : name === 'in-place-input' ? changed : null;
      const first = cases[0];
      const seconds = outputs.some(o => o.name === first[0]) ? time(program, first, passes, control) : [];
      // Training the layers model (fit) or the eager ops (a gradient tape) is not built: the time cell says so.
      const untrainable = args.training_passes > 0
        ? `the tfjs probes run inference only (${mode === 'layers' ? 'no fit() of the layers model' : 'no gradient tape over the eager ops'} is built)` : null;
      return {
        result: { incompatible: null, diagnostics, side_effects: sideEffects, pass_seconds: seconds, untrainable },
        tensors: outputs,
      };
    } finally {
      program.dispose();
    }
  }

  /** Seconds of each of `passes` runs of the first case after one warm-up; the cpu backend is synchronous. */
  function time(program, [caseName, entry], passes, control) {
    const seconds = [];
    const x = caseTensor(entry, caseName, control);
    try {
      for (let pass = -1; pass < passes; pass++) {
        const started = process.hrtime.bigint();
        tf.tidy(() => program.forward(x).dataSync());
        if (pass >= 0) seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
      }
    } finally {
      x.dispose();
    }
    return seconds;
  }

  return { run };
}
