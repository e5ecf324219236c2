using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.InProcess;

/// <summary>Reads and writes a model's state dict in formats only a binding's own library handles (TorchSharp's format, pickles).</summary>
public interface IStateDictFiles
{
    IReadOnlyList<ModelFormat> Formats { get; }

    /// <summary>The tensors of the <paramref name="format"/> file at <paramref name="path"/>, holding the weights of <paramref name="spec"/>.</summary>
    IReadOnlyList<NamedTensor> Read(ModelFormat format, string path, ModelSpec spec);

    /// <summary>Writes <paramref name="tensors"/> (the weights of <paramref name="spec"/>) as a <paramref name="format"/> file at <paramref name="target"/>, atomically.</summary>
    void Write(ModelFormat format, string target, ModelSpec spec, IReadOnlyList<NamedTensor> tensors);
}
