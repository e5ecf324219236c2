using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>One training step of <see cref="Model"/> from the weights in <see cref="WeightsPath"/> on one batch.</summary>
/// <param name="WeightsPath">A safetensors file in the spec's PyTorch layout (state-dict names), e.g. one a binding exported.</param>
/// <param name="Inputs">The batch: F32 [n, ..input shape], or I64 token ids for models that start with an embedding.</param>
/// <param name="Labels">I64 [n] class ids.</param>
/// <param name="Seed">Seeds the binding's generator before the forward pass (dropout masks).</param>
public sealed record TrainingStepRequest(ModelSpec Model, string WeightsPath, NamedTensor Inputs, NamedTensor Labels, string Device, int Seed = 0)
{
    /// <summary>A step on the whole test split of <paramref name="data"/> (ask the catalog for a tiny test count).</summary>
    public static TrainingStepRequest OnTestSplit(ModelSpec model, string weightsPath, DatasetRef data, string device, int seed = 0)
    {
        var file = SafetensorsReader.Read(data.Path);
        return new(model, weightsPath, file[DatasetCatalog.TestInputs], file[DatasetCatalog.TestLabels], device, seed);
    }

    /// <summary>Why the batch does not fit the model, or null.</summary>
    public string? WhyInvalid()
    {
        long[] inputShape = [.. Model.InputShape.Select(d => (long)d)];
        if (Inputs.Dtype is not (TensorDtype.F32 or TensorDtype.I64) || Inputs.Shape.Count == 0 || Inputs.Shape[0] < 1
            || !Inputs.Shape.Skip(1).SequenceEqual(inputShape))
            return $"step inputs are {Inputs.Dtype} [{string.Join(", ", Inputs.Shape)}]; model {Model.Name} needs F32 or I64 [n ≥ 1, {string.Join(", ", inputShape)}]";
        if (Labels.Dtype != TensorDtype.I64 || !Labels.Shape.SequenceEqual([Inputs.Shape[0]]))
            return $"step labels are {Labels.Dtype} [{string.Join(", ", Labels.Shape)}]; {Inputs.Shape[0]} inputs need I64 [{Inputs.Shape[0]}]";
        if (Labels.ToInt64().Any(label => label < 0 || label >= Model.Classes))
            return $"step labels must be class ids in [0, {Model.Classes}) for model {Model.Name}";
        return null;
    }
}
