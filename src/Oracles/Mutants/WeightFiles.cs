using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;

namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// Rewrites saved state dicts with the product's real readers and writers: safetensors through
/// <see cref="SafetensorsReader"/>/<see cref="SafetensorsWriter"/>, TorchSharp's format through TorchSharp's own
/// <c>Module.load</c>/<c>save</c> (so rewriting that format needs the TorchSharp native library).
/// </summary>
internal static class WeightFiles
{
    public static bool CanRewrite(ModelFormat format) => format is ModelFormat.Safetensors or ModelFormat.TorchSharp;

    /// <summary>
    /// Writes the tensors of <paramref name="path"/>, transformed, to <paramref name="target"/> (which may be
    /// <paramref name="path"/> itself) in the same format, atomically.
    /// </summary>
    public static void Rewrite(ModelFormat format, string path, string target, ModelSpec spec,
        Func<IReadOnlyList<NamedTensor>, IEnumerable<NamedTensor>> transform)
    {
        switch (format)
        {
            case ModelFormat.Safetensors:
                var file = SafetensorsReader.Read(path);
                var tensors = transform(file.Tensors).ToArray();
                AtomicFile.Write(target, stream => SafetensorsWriter.Write(stream, tensors, file.Metadata));
                break;
            case ModelFormat.TorchSharp:
                var transformed = transform(ReadTorchSharp(path, spec)).ToArray();
                using (var module = new SpecModule(spec))
                {
                    TorchSharpOracle.CopyWeights(module, new SafetensorsFile(transformed, new Dictionary<string, string>()), path);
                    // Module.save closes the stream it is given, so it writes to memory and AtomicFile does the rest.
                    using var buffer = new MemoryStream();
                    module.save(buffer);
                    AtomicFile.WriteAllBytes(target, buffer.ToArray());
                }
                break;
            default:
                throw new ArgumentException($"{format} files are not state dicts that can be rewritten", nameof(format));
        }
    }

    private static NamedTensor[] ReadTorchSharp(string path, ModelSpec spec)
    {
        using var module = new SpecModule(spec);
        module.load(path);
        return module.state_dict().Select(p => TorchTensors.ToNamed(p.Key, p.Value)).ToArray();
    }
}
