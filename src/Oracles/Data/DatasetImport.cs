using BindingConformance.IO;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// The user's own examples for a model spec, read as hostile input into the cache layout (Data/DATASETS.md): a safetensors file
/// already in that layout, or an <c>.npz</c> whose arrays are named <c>train_x</c>, <c>train_y</c>, <c>test_x</c>,
/// <c>test_y</c> (or Keras's <c>x_train</c>, <c>y_train</c>, <c>x_test</c>, <c>y_test</c>). Inputs are F32 (I64 token ids
/// when the spec starts with an embedding), labels I64 class ids; every example must fit the spec.
/// </summary>
public static class DatasetImport
{
    private static readonly (string Cache, string Keras)[] Names =
    [
        (DatasetCatalog.TrainInputs, "x_train"), (DatasetCatalog.TrainLabels, "y_train"),
        (DatasetCatalog.TestInputs, "x_test"), (DatasetCatalog.TestLabels, "y_test"),
    ];

    /// <summary>The four tensors of the file at <paramref name="path"/>, with the metadata of a cache file.</summary>
    /// <exception cref="InvalidDataException">The file is unreadable, lacks a tensor, or holds a type the cache has no place for.</exception>
    public static SafetensorsFile Read(string path)
    {
        // Checked before opening: a FIFO or device named as the data file would block the read or never end.
        if (FileKinds.WhyNotInputFile(path) is { } why) throw new InvalidDataException(why);
        IReadOnlyDictionary<string, NamedTensor> arrays;
        try
        {
            arrays = Path.GetExtension(path).Equals(".npz", StringComparison.OrdinalIgnoreCase)
                ? NpzReader.Read(path)
                : SafetensorsReader.Read(path).Tensors.ToDictionary(t => t.Name);
        }
        catch (WeightFileFormatException e)
        {
            throw new InvalidDataException(e.Message);
        }
        var tensors = Names.Select(n => Named(path, arrays, n.Cache, n.Keras)).ToArray();
        return new SafetensorsFile(tensors, new Dictionary<string, string>
        {
            ["source"] = $"imported from {Path.GetFileName(path)}",
            ["version"] = DatasetCatalog.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["train_count"] = tensors[1].Shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["test_count"] = tensors[3].Shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Why the examples of <paramref name="file"/> do not fit <paramref name="spec"/>, or null when every one does.</summary>
    public static string? WhyNotFor(SafetensorsFile file, ModelSpec spec)
    {
        var tokens = spec.Layers[0].Kind == LayerKind.Embedding;
        foreach (var (inputsName, labelsName) in new[] { (DatasetCatalog.TrainInputs, DatasetCatalog.TrainLabels), (DatasetCatalog.TestInputs, DatasetCatalog.TestLabels) })
        {
            var (inputs, labels) = (file[inputsName], file[labelsName]);
            var count = inputs.Shape.Count == 0 ? 0 : inputs.Shape[0];
            if (count == 0) return $"'{inputsName}' holds no examples";
            if (!inputs.Shape.Skip(1).SequenceEqual(spec.InputShape.Select(s => (long)s)))
                return $"'{inputsName}' is [{string.Join(", ", inputs.Shape)}]: model {spec.Name} takes examples of [{string.Join(", ", spec.InputShape)}]";
            if (labels.Shape.Count != 1 || labels.Shape[0] != count) return $"'{labelsName}' is [{string.Join(", ", labels.Shape)}], not one label for each of the {count} examples";
            var classes = labels.ToInt64();
            if (Array.FindIndex(classes, c => c < 0 || c >= spec.Classes) is var bad and >= 0)
                return $"'{labelsName}'[{bad}] is {classes[bad]}, not a class id in [0, {spec.Classes})";
            if (tokens)
            {
                if (inputs.Dtype != TensorDtype.I64) return $"'{inputsName}' holds {inputs.Dtype} values, but {spec.Layers[0].Name} (an embedding) reads integer token ids";
                var vocabulary = spec.Layers[0].Int("num_embeddings");
                var ids = inputs.ToInt64();
                if (Array.FindIndex(ids, t => t < 0 || t >= vocabulary) is var badId and >= 0)
                    return $"'{inputsName}' holds token id {ids[badId]}, outside the embedding's [0, {vocabulary})";
            }
            else
            {
                if (inputs.Dtype != TensorDtype.F32) return $"'{inputsName}' holds integers, but model {spec.Name} starts with {spec.Layers[0].Kind}, which reads numbers: store them as floats";
                var values = inputs.ToFloats();
                if (Array.FindIndex(values, v => !float.IsFinite(v)) is var nan and >= 0)
                    return $"'{inputsName}' holds {values[nan]} at element {nan}; examples must be finite";
            }
        }
        return null;
    }

    private static NamedTensor Named(string path, IReadOnlyDictionary<string, NamedTensor> arrays, string name, string keras)
    {
        var tensor = arrays.GetValueOrDefault(name) ?? arrays.GetValueOrDefault(keras)
            ?? throw new InvalidDataException($"{path}: no array '{name}' (or '{keras}'); it has: {string.Join(", ", arrays.Keys)}");
        var isLabels = name.EndsWith("_y", StringComparison.Ordinal);
        return (tensor.Dtype, isLabels) switch
        {
            (TensorDtype.I64, _) or (TensorDtype.F32, false) => Renamed(tensor, name),
            (TensorDtype.I32 or TensorDtype.U8, _) => NamedTensor.FromInt64(name, Widen(tensor), [.. tensor.Shape]),
            (TensorDtype.F64, false) => NamedTensor.FromFloats(name, tensor.ToDoubles().Select(d => (float)d).ToArray(), [.. tensor.Shape]),
            _ => throw new InvalidDataException($"{path}: '{tensor.Name}' holds {tensor.Dtype} values; {(isLabels ? "labels are integer class ids" : "inputs are floats or integer token ids")}"),
        };
    }

    private static long[] Widen(NamedTensor tensor) =>
        tensor.Dtype == TensorDtype.I32 ? tensor.ToInt32().Select(v => (long)v).ToArray() : tensor.Data.Select(b => (long)b).ToArray();

    private static NamedTensor Renamed(NamedTensor tensor, string name) => tensor.Name == name ? tensor : new(name, tensor.Dtype, tensor.Shape, tensor.Data);
}
