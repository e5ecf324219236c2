namespace BindingConformance.Oracles;

/// <summary>Saved-model formats that cross binding boundaries (byte layouts in docs/formats.md).</summary>
public enum ModelFormat
{
    /// <summary>TorchSharp's own <c>Module.save</c> state-dict format (ULEB128 records).</summary>
    TorchSharp,
    /// <summary>safetensors, the neutral weight format between frameworks.</summary>
    Safetensors,
    /// <summary>TorchScript archive produced by <c>torch.jit.trace</c>.</summary>
    TorchScriptTraced,
    /// <summary>TorchScript archive produced by <c>torch.jit.script</c>.</summary>
    TorchScriptScripted,
    /// <summary>ONNX (opset 13).</summary>
    Onnx,
    /// <summary>TensorFlow.js LayersModel: model.json plus binary weight shards in one folder.</summary>
    TfjsLayers,
    /// <summary>
    /// PyTorch's <c>torch.save(model.state_dict())</c>: a zip of a pickle and its tensors' storages (<c>model.pt</c> or <c>.bin</c>).
    /// Read only through weights-only unpicklers (docs/trust-model.md).
    /// </summary>
    PytorchStateDict,
}
