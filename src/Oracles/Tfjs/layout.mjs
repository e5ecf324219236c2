// Converts parameters between the neutral layout (PyTorch state-dict names and layouts, the layout of
// every safetensors file the oracles exchange) and tf.layers weights.
//
// | spec kind      | PyTorch (neutral)                                  | tf.layers                                   |
// |----------------|----------------------------------------------------|---------------------------------------------|
// | conv2d         | weight [O,I,kH,kW], bias [O]                       | kernel [kH,kW,I,O] (HWIO), bias             |
// | linear         | weight [out,in], bias [out]                        | kernel [in,out], bias                       |
// | batch_norm*    | weight, bias, running_mean, running_var,           | gamma, beta, movingMean, movingVariance     |
// |                | num_batches_tracked (I64 scalar)                   | (no counter)                                |
// | embedding      | weight [num, dim]                                  | embeddings [num, dim]                       |
// | lstm           | weight_ih_l0 [4H,in], weight_hh_l0 [4H,H],         | kernel [in,4H], recurrentKernel [H,4H],     |
// |                | bias_ih_l0 [4H], bias_hh_l0 [4H]; gates i,f,g,o    | bias [4H] = b_ih + b_hh; gates i,f,c,o      |
// | gru            | reset applied after the recurrent matmul           | reset-before only: no exact conversion      |
//
// The flatten before a linear layer is made C,H,W-ordered in the model (model_builder.mjs), so linear
// weights only need the transpose. Exported LSTM biases put the summed bias in bias_ih_l0 and zeros in
// bias_hh_l0: the same function, not the same split as the original file.

function floatTensor(tf, entry, key) {
  if (entry.dtype !== 'F32' && entry.dtype !== 'F64') throw new Error(`weight '${key}' has dtype ${entry.dtype}, expected F32`);
  return tf.tensor(entry.dtype === 'F32' ? entry.data : Float32Array.from(entry.data), entry.shape, 'float32');
}

function sameShape(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Loads a state dict (Map name → {dtype, shape, data}) in PyTorch layout into `model` built from `spec`. */
export function importStateDict(tf, spec, model, stateDict) {
  const used = new Set();
  const take = (key, expectedShape) => {
    const entry = stateDict.get(key);
    if (entry === undefined) throw new Error(`weights have no tensor '${key}' (needed by model ${spec.name})`);
    if (!sameShape(entry.shape, expectedShape)) {
      throw new Error(`weight '${key}' has shape ${JSON.stringify(entry.shape)}, model ${spec.name} needs ${JSON.stringify(expectedShape)}`);
    }
    used.add(key);
    return floatTensor(tf, entry, key);
  };
  for (const layer of spec.layers) {
    const n = layer.name;
    const a = layer.args ?? {};
    let weights;
    tf.tidy(() => {
      switch (layer.kind) {
        case 'conv2d': {
          const k = a.kernel_size;
          weights = [take(`${n}.weight`, [a.out_channels, a.in_channels, k, k]).transpose([2, 3, 1, 0]), take(`${n}.bias`, [a.out_channels])];
          break;
        }
        case 'linear':
          weights = [take(`${n}.weight`, [a.out_features, a.in_features]).transpose(), take(`${n}.bias`, [a.out_features])];
          break;
        case 'batch_norm2d':
        case 'batch_norm1d': {
          const f = [a.num_features];
          weights = [take(`${n}.weight`, f), take(`${n}.bias`, f), take(`${n}.running_mean`, f), take(`${n}.running_var`, f)];
          // The batch counter only matters to PyTorch when momentum is None; the spec fixes momentum.
          if (stateDict.has(`${n}.num_batches_tracked`)) used.add(`${n}.num_batches_tracked`);
          break;
        }
        case 'embedding':
          weights = [take(`${n}.weight`, [a.num_embeddings, a.embedding_dim])];
          break;
        case 'lstm': {
          const h = a.hidden_size;
          const kernel = take(`${n}.weight_ih_l0`, [4 * h, a.input_size]).transpose();
          const recurrent = take(`${n}.weight_hh_l0`, [4 * h, h]).transpose();
          const bias = take(`${n}.bias_ih_l0`, [4 * h]).add(take(`${n}.bias_hh_l0`, [4 * h]));
          weights = [kernel, recurrent, bias];
          break;
        }
        case 'gru':
          throw new Error(`layer '${n}': PyTorch GRU weights (reset gate after the recurrent matmul) cannot be loaded into the TensorFlow.js GRU, which only computes reset-before`);
        default:
          weights = null;
      }
      if (weights !== null) {
        model.getLayer(n).setWeights(weights);
      }
    });
  }
  const unused = [...stateDict.keys()].filter(k => !used.has(k));
  if (unused.length > 0) throw new Error(`weights have tensors model ${spec.name} does not use: ${unused.join(', ')}`);
}

/** Returns the model's parameters as [{name, dtype, shape, data}] in PyTorch names and layouts. */
export function exportStateDict(tf, spec, model) {
  const out = [];
  const put = (key, tensor) => out.push({ name: key, dtype: 'F32', shape: tensor.shape, data: tensor.dataSync().slice() });
  for (const layer of spec.layers) {
    const n = layer.name;
    if (!['conv2d', 'linear', 'batch_norm2d', 'batch_norm1d', 'embedding', 'lstm', 'gru'].includes(layer.kind)) continue;
    const w = model.getLayer(n).getWeights();
    tf.tidy(() => {
      switch (layer.kind) {
        case 'conv2d':
          put(`${n}.weight`, w[0].transpose([3, 2, 0, 1]));
          put(`${n}.bias`, w[1]);
          break;
        case 'linear':
          put(`${n}.weight`, w[0].transpose());
          put(`${n}.bias`, w[1]);
          break;
        case 'batch_norm2d':
        case 'batch_norm1d':
          put(`${n}.weight`, w[0]);
          put(`${n}.bias`, w[1]);
          put(`${n}.running_mean`, w[2]);
          put(`${n}.running_var`, w[3]);
          // tfjs keeps no batch counter; PyTorch ignores it when momentum is set, as the spec does.
          out.push({ name: `${n}.num_batches_tracked`, dtype: 'I64', shape: [], data: new BigInt64Array(1) });
          break;
        case 'embedding':
          put(`${n}.weight`, w[0]);
          break;
        case 'lstm':
          put(`${n}.weight_ih_l0`, w[0].transpose());
          put(`${n}.weight_hh_l0`, w[1].transpose());
          put(`${n}.bias_ih_l0`, w[2]);
          put(`${n}.bias_hh_l0`, tf.zerosLike(w[2]));
          break;
        case 'gru':
          throw new Error(`layer '${n}': the TensorFlow.js GRU (reset-before) has no PyTorch GRU equivalent, so it cannot be exported in PyTorch layout`);
      }
    });
  }
  return out;
}
