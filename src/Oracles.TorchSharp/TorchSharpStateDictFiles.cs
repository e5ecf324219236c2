using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The state-dict formats only TorchSharp's libraries handle: its own (<c>Module.load</c>/<c>save</c> on a <see cref="SpecModule"/>)
/// and PyTorch's pickles (<see cref="PytorchStateDicts"/>).
/// </summary>
internal sealed class TorchSharpStateDictFiles : IStateDictFiles
{
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.TorchSharp, ModelFormat.PytorchStateDict];

    public IReadOnlyList<NamedTensor> Read(ModelFormat format, string path, ModelSpec spec)
    {
        if (format == ModelFormat.PytorchStateDict) return PytorchStateDicts.Read(path);
        using var module = new SpecModule(spec);
        module.load(path);
        return module.state_dict().Select(p => TorchTensors.ToNamed(p.Key, p.Value)).ToArray();
    }

    public void Write(ModelFormat format, string target, ModelSpec spec, IReadOnlyList<NamedTensor> tensors)
    {
        using var module = new SpecModule(spec);
        TorchSharpOracle.CopyWeights(module, new SafetensorsFile(tensors, new Dictionary<string, string>()), target);
        if (format == ModelFormat.PytorchStateDict)
        {
            PytorchStateDicts.Save(module, target);
            return;
        }
        // Module.save closes the stream it is given, so it writes to memory and AtomicFile does the rest.
        using var buffer = new MemoryStream();
        module.save(buffer);
        AtomicFile.WriteAllBytes(target, buffer.ToArray());
    }
}
