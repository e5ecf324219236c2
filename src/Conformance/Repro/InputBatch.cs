using BindingConformance.IO;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Repro;

/// <summary>
/// The examples a reproduction runs: the first rows of a dataset's test split (F32 images or I64 token ids) and their
/// I64 labels, kept as one safetensors file (<see cref="Inputs"/>, <see cref="Labels"/>) so that a bundle needs no dataset.
/// </summary>
public sealed record InputBatch(NamedTensor Inputs, long[] Labels)
{
    public const string InputsName = "inputs";
    public const string LabelsName = "labels";

    /// <summary>Examples a bundle keeps: enough for a wrong logit to show, small enough to run in a second.</summary>
    public const int DefaultSize = 64;

    public int Count => Labels.Length;

    /// <summary>The first <paramref name="size"/> test examples of the converted dataset at <paramref name="datasetPath"/> (fewer when the split is smaller).</summary>
    public static InputBatch FromTestSplit(string datasetPath, int size = DefaultSize)
    {
        var file = SafetensorsReader.Read(datasetPath);
        var inputs = file[DatasetCatalog.TestInputs];
        var count = (int)Math.Min(size, inputs.Shape[0]);
        var first = inputs.FirstRows(count);
        return new InputBatch(new NamedTensor(InputsName, first.Dtype, first.Shape, first.Data), file[DatasetCatalog.TestLabels].FirstRows(count).ToInt64());
    }

    /// <exception cref="InvalidDataException">The file lacks a tensor or its labels do not match its inputs.</exception>
    public static InputBatch Read(string path)
    {
        var file = SafetensorsReader.Read(path);
        var inputs = file.Tensors.FirstOrDefault(t => t.Name == InputsName);
        var labels = file.Tensors.FirstOrDefault(t => t.Name == LabelsName);
        if (inputs is null || labels is null)
            throw new InvalidDataException($"{path}: an input batch holds the tensors '{InputsName}' and '{LabelsName}'");
        if (labels.Dtype != TensorDtype.I64 || labels.Shape.Count != 1 || inputs.Shape.Count < 2 || inputs.Shape[0] != labels.Shape[0])
            throw new InvalidDataException($"{path}: '{LabelsName}' must be I64 [n] with n the first axis of '{InputsName}' (got {Describe(labels)} and {Describe(inputs)})");
        return new InputBatch(inputs, labels.ToInt64());
    }

    /// <summary>
    /// Why this batch cannot be run as <paramref name="spec"/>'s examples, or null: each label must be one of the model's
    /// classes (a label of 99, -1 or 2^62 would count as "wrong" in both bindings and agree).
    /// </summary>
    public string? WhyNotFor(ModelSpec spec)
    {
        var bad = Array.FindIndex(Labels, l => l < 0 || l >= spec.Classes);
        return bad < 0 ? null : $"'{LabelsName}' of example {bad} is {Labels[bad]}; {spec.Name} has classes 0..{spec.Classes - 1}";
    }

    public void Write(string path) =>
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(stream, [Inputs, NamedTensor.FromInt64(LabelsName, Labels, Labels.Length)]));

    private static string Describe(NamedTensor t) => $"{t.Dtype} [{string.Join(", ", t.Shape)}]";
}
