using System.Collections;
using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// PyTorch's <c>torch.save(model.state_dict())</c> files through TorchSharp.PyBridge: written with <c>save_py</c>, read with its
/// unpickler only after <see cref="PickleStateDictValidator"/> has checked the file by the weights-only rule (docs/trust-model.md).
/// </summary>
internal static class PytorchStateDicts
{
    /// <summary>Writes <paramref name="module"/>'s state dict as <c>torch.save</c> does, atomically.</summary>
    public static void Save(nn.Module module, string path)
    {
        using var buffer = new MemoryStream();
        module.save_py(buffer, leaveOpen: true);
        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }

    /// <summary>The tensors of the file, by name, after the weights-only rule.</summary>
    /// <exception cref="WeightFileFormatException">The file breaks the rule: not such a zip, a pickle that breaks off, or one that imports code.</exception>
    /// <exception cref="InvalidDataException">The pickle is well formed but holds something other than a dict of tensors.</exception>
    public static NamedTensor[] Read(string path)
    {
        PickleStateDictValidator.Validate(path);
        Hashtable state;
        using (var stream = File.OpenRead(path)) state = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false);
        try
        {
            return state.Keys.Cast<object>().Select(key => key is string name && state[key] is Tensor tensor
                    ? TorchTensors.ToNamed(name, tensor)
                    : throw new InvalidDataException($"{path}: not a state dict: entry {key} is {state[key]?.GetType().Name ?? "null"}, not a tensor"))
                .ToArray();
        }
        finally
        {
            foreach (var tensor in state.Values.OfType<Tensor>()) tensor.Dispose();
        }
    }
}
