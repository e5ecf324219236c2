using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>
/// <see cref="Steps"/> training steps of <see cref="Model"/> from the weights in <see cref="WeightsPath"/>, step k on batch k.
/// </summary>
/// <param name="WeightsPath">A safetensors file in the spec's PyTorch layout (state-dict names), e.g. one a binding exported.</param>
/// <param name="Inputs">The batches: F32 [steps, n, ..input shape], or I64 token ids for models that start with an embedding.</param>
/// <param name="Labels">I64 [steps, n] class ids.</param>
/// <param name="Seed">The harness draws of step k are those of (seed, k) (docs/harness-randomness.md): dropout masks.</param>
public sealed record TrainingStepRequest(ModelSpec Model, string WeightsPath, NamedTensor Inputs, NamedTensor Labels, string Device, int Seed = 0)
{
    /// <summary>Optimizer steps asked for: one per batch.</summary>
    public int Steps => Inputs.Shape.Count == 0 ? 0 : checked((int)Inputs.Shape[0]);

    /// <summary>Examples per batch.</summary>
    public int BatchSize => Inputs.Shape.Count < 2 ? 0 : checked((int)Inputs.Shape[1]);

    /// <summary>One step on the whole test split of <paramref name="data"/> (ask the catalog for a tiny test count).</summary>
    public static TrainingStepRequest OnTestSplit(ModelSpec model, string weightsPath, DatasetRef data, string device, int seed = 0)
    {
        var file = SafetensorsReader.Read(data.Path);
        return new(model, weightsPath, Stacked(file[DatasetCatalog.TestInputs]), Stacked(file[DatasetCatalog.TestLabels]), device, seed);
    }

    /// <summary><paramref name="batch"/> [n, …] as the only batch of a request: [1, n, …].</summary>
    private static NamedTensor Stacked(NamedTensor batch) => new(batch.Name, batch.Dtype, [1, .. batch.Shape], batch.Data);

    /// <summary>Why the batches do not fit the model, or null.</summary>
    public string? WhyInvalid()
    {
        long[] inputShape = [.. Model.InputShape.Select(d => (long)d)];
        if (Inputs.Dtype is not (TensorDtype.F32 or TensorDtype.I64) || Inputs.Shape.Count < 2 || Inputs.Shape[0] < 1 || Inputs.Shape[1] < 1
            || !Inputs.Shape.Skip(2).SequenceEqual(inputShape))
            return $"step inputs are {Inputs.Dtype} [{string.Join(", ", Inputs.Shape)}]; model {Model.Name} needs F32 or I64 [steps ≥ 1, n ≥ 1, {string.Join(", ", inputShape)}]";
        if (Labels.Dtype != TensorDtype.I64 || !Labels.Shape.SequenceEqual(Inputs.Shape.Take(2)))
            return $"step labels are {Labels.Dtype} [{string.Join(", ", Labels.Shape)}]; {Steps} batches of {BatchSize} inputs need I64 [{Steps}, {BatchSize}]";
        if (Labels.ToInt64().Any(label => label < 0 || label >= Model.Classes))
            return $"step labels must be class ids in [0, {Model.Classes}) for model {Model.Name}";
        return null;
    }
}
