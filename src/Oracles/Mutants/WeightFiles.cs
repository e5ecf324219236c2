using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// Rewrites saved state dicts with the product's real readers and writers: safetensors through
/// <see cref="SafetensorsReader"/>/<see cref="SafetensorsWriter"/>, other state-dict formats through the library of the
/// in-process binding that owns them (<see cref="IStateDictFiles"/>: TorchSharp's <c>Module.load</c>/<c>save</c>), so
/// rewriting those needs that binding's package and native library.
/// </summary>
internal static class WeightFiles
{
    public static bool CanRewrite(ModelFormat format) => format == ModelFormat.Safetensors || Owner(format) is not null;

    /// <summary>
    /// Writes the tensors of <paramref name="path"/>, transformed, to <paramref name="target"/> (which may be
    /// <paramref name="path"/> itself) in the same format, atomically.
    /// </summary>
    public static void Rewrite(ModelFormat format, string path, string target, ModelSpec spec,
        Func<IReadOnlyList<NamedTensor>, IEnumerable<NamedTensor>> transform)
    {
        if (format == ModelFormat.Safetensors)
        {
            var file = SafetensorsReader.Read(path);
            var tensors = transform(file.Tensors).ToArray();
            AtomicFile.Write(target, stream => SafetensorsWriter.Write(stream, tensors, file.Metadata));
            return;
        }
        var owner = Owner(format) ?? throw new ArgumentException($"{format} files are not state dicts that can be rewritten here", nameof(format));
        owner.Write(format, target, spec, transform(owner.Read(format, path, spec)).ToArray());
    }

    private static IStateDictFiles? Owner(ModelFormat format) =>
        InProcessBindings.StateDictFiles().FirstOrDefault(f => f.Formats.Contains(format));
}
