using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>TorchSharp's own state-dict format, read and written by TorchSharp's <c>Module.load</c>/<c>save</c> on a <see cref="SpecModule"/>.</summary>
internal sealed class TorchSharpStateDictFiles : IStateDictFiles
{
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.TorchSharp];

    public IReadOnlyList<NamedTensor> Read(ModelFormat format, string path, ModelSpec spec)
    {
        using var module = new SpecModule(spec);
        module.load(path);
        return module.state_dict().Select(p => TorchTensors.ToNamed(p.Key, p.Value)).ToArray();
    }

    public void Write(ModelFormat format, string target, ModelSpec spec, IReadOnlyList<NamedTensor> tensors)
    {
        using var module = new SpecModule(spec);
        TorchSharpOracle.CopyWeights(module, new SafetensorsFile(tensors, new Dictionary<string, string>()), target);
        // Module.save closes the stream it is given, so it writes to memory and AtomicFile does the rest.
        using var buffer = new MemoryStream();
        module.save(buffer);
        AtomicFile.WriteAllBytes(target, buffer.ToArray());
    }
}
