// Builds a zoo ModelSpec (src/Oracles/Models) as a tf.layers model.
//
// Conventions (so that weights in PyTorch layout transfer exactly, see layout.mjs):
// - Images arrive NCHW like in PyTorch and are transposed to NHWC once, when the dataset is loaded;
//   the model's input shape is [H, W, C].
// - conv2d padding p is an explicit zeroPadding2d(p) before a 'valid' convolution (PyTorch semantics;
//   tfjs 'same' only agrees for odd kernels).
// - flatten first permutes NHWC to NCHW so the flattened order is C,H,W as in PyTorch; the next
//   linear layer's kernel is then exactly the transposed PyTorch weight.
// - Parameters start from PyTorch's default distributions (uniform ±1/sqrt(fan_in) for conv, linear and
//   recurrent weights and biases; N(0,1) embeddings; batch-norm 1/0), seeded per layer: the same
//   distribution as the PyTorch family, not the same values.
// - Recurrent layers use sigmoid gates (tfjs defaults to hard sigmoid). tfjs's GRU is reset-before
//   (it rejects reset_after), whereas PyTorch's GRU applies the reset gate after the recurrent matmul:
//   the tfjs GRU trains from the same spec but is a different function, so GRU weights do not transfer.
// - Batch norm: epsilon 1e-5, momentum 0.9 (Keras counts momentum the other way round from PyTorch's
//   0.1). tfjs updates the moving variance with the biased batch variance, PyTorch with the unbiased.
// - Dropout is unseeded: a seeded tfjs dropout layer repeats the same mask on every batch.
export function createModelBuilder(tf) {
  function uniform(bound, seed) {
    return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
  }

  function layerSeed(seed, index, slot) {
    return seed * 1009 + index * 7 + slot;
  }

  function inputShape(spec) {
    const shape = spec.input_shape;
    return shape.length === 3 ? [shape[1], shape[2], shape[0]] : [...shape];
  }

  function arg(layer, key) {
    const value = layer.args?.[key];
    if (value === undefined) throw new Error(`layer '${layer.name}' (${layer.kind}) has no argument '${key}'`);
    return value;
  }

  /** Returns a tf.LayersModel whose output is the logits. */
  function build(spec, seed = 0) {
    const input = tf.input({ shape: inputShape(spec), name: 'input' });
    let x = input;
    spec.layers.forEach((layer, index) => {
      const name = layer.name;
      const s = slot => layerSeed(seed, index, slot);
      switch (layer.kind) {
        case 'conv2d': {
          const k = arg(layer, 'kernel_size');
          const padding = layer.args.padding ?? 0;
          const bound = 1 / Math.sqrt(arg(layer, 'in_channels') * k * k);
          if (padding > 0) x = tf.layers.zeroPadding2d({ padding, name: `${name}_padding` }).apply(x);
          x = tf.layers.conv2d({
            filters: arg(layer, 'out_channels'), kernelSize: k, strides: 1, padding: 'valid', name,
            kernelInitializer: uniform(bound, s(0)), biasInitializer: uniform(bound, s(1)),
          }).apply(x);
          break;
        }
        case 'max_pool2d': {
          const k = arg(layer, 'kernel_size');
          x = tf.layers.maxPooling2d({ poolSize: k, strides: k, padding: 'valid', name }).apply(x);
          break;
        }
        case 'avg_pool2d': {
          const k = arg(layer, 'kernel_size');
          x = tf.layers.averagePooling2d({ poolSize: k, strides: k, padding: 'valid', name }).apply(x);
          break;
        }
        case 'relu':
        case 'tanh':
          x = tf.layers.activation({ activation: layer.kind, name }).apply(x);
          break;
        case 'flatten':
          if (x.shape.length === 4) x = tf.layers.permute({ dims: [3, 1, 2], name: `${name}_to_nchw` }).apply(x);
          x = tf.layers.flatten({ name }).apply(x);
          break;
        case 'linear': {
          const bound = 1 / Math.sqrt(arg(layer, 'in_features'));
          x = tf.layers.dense({
            units: arg(layer, 'out_features'), name,
            kernelInitializer: uniform(bound, s(0)), biasInitializer: uniform(bound, s(1)),
          }).apply(x);
          break;
        }
        case 'dropout':
          x = tf.layers.dropout({ rate: arg(layer, 'p'), name }).apply(x);
          break;
        case 'batch_norm2d':
        case 'batch_norm1d':
          x = tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9, name }).apply(x);
          break;
        case 'embedding':
          x = tf.layers.embedding({
            inputDim: arg(layer, 'num_embeddings'), outputDim: arg(layer, 'embedding_dim'), name,
            embeddingsInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: s(0) }),
          }).apply(x);
          break;
        case 'lstm':
        case 'gru': {
          const units = arg(layer, 'hidden_size');
          const bound = 1 / Math.sqrt(units);
          const options = {
            units, name, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: false,
            kernelInitializer: uniform(bound, s(0)), recurrentInitializer: uniform(bound, s(1)),
            biasInitializer: uniform(bound, s(2)),
          };
          x = (layer.kind === 'lstm' ? tf.layers.lstm({ ...options, unitForgetBias: false }) : tf.layers.gru(options)).apply(x);
          break;
        }
        case 'transformer_encoder':
          throw new Error(`layer '${name}': TensorFlow.js 4.22 tf.layers has no multi-head attention, so transformer_encoder is not implemented`);
        default:
          throw new Error(`layer '${name}' has unknown kind '${layer.kind}'`);
      }
    });
    return tf.model({ inputs: input, outputs: x, name: spec.name });
  }

  return { build, inputShape };
}

/** Layer kinds this builder implements (transformer_encoder is missing from tf.layers). */
export const SUPPORTED_KINDS = [
  'conv2d', 'max_pool2d', 'avg_pool2d', 'relu', 'tanh', 'flatten', 'linear', 'dropout',
  'batch_norm2d', 'batch_norm1d', 'embedding', 'lstm', 'gru',
];
