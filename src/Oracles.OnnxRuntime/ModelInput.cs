using BindingConformance.Oracles.Formats;
using Microsoft.ML.OnnxRuntime;

namespace BindingConformance.Oracles.OnnxRuntime;

/// <summary>A dataset split as ONNX Runtime input: float32 images or int64 token ids, sliced into batches without copying.</summary>
internal sealed class ModelInput
{
    private readonly float[]? floats;
    private readonly long[]? ids;
    private readonly long[] exampleShape;
    private readonly int exampleSize;

    public ModelInput(NamedTensor tensor)
    {
        Count = checked((int)tensor.Shape[0]);
        exampleShape = tensor.Shape.Skip(1).ToArray();
        exampleSize = checked((int)exampleShape.Aggregate(1L, (a, b) => a * b));
        switch (tensor.Dtype)
        {
            case TensorDtype.F32: floats = tensor.ToFloats(); break;
            case TensorDtype.I64: ids = tensor.ToInt64(); break;
            default: throw new OracleException($"inputs '{tensor.Name}' are {tensor.Dtype}; ONNX evaluation takes F32 images or I64 token ids");
        }
    }

    public int Count { get; }

    /// <summary>Whether a run wrote into the input buffers, which no longer hold <paramref name="original"/>'s values.</summary>
    public bool Differs(NamedTensor original) =>
        floats is not null ? !floats.AsSpan().SequenceEqual(original.ToFloats()) : !ids.AsSpan().SequenceEqual(original.ToInt64());

    public OrtValue Slice(int start, int count)
    {
        long[] shape = [count, .. exampleShape];
        return floats is not null
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats.AsMemory(start * exampleSize, count * exampleSize), shape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(start * exampleSize, count * exampleSize), shape);
    }
}
