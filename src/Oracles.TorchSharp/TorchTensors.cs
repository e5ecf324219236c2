using BindingConformance.Oracles.Formats;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>Conversions between safetensors records and TorchSharp tensors.</summary>
internal static class TorchTensors
{
    public static Tensor FromNamed(NamedTensor named)
    {
        var shape = named.Shape.ToArray();
        return named.Dtype switch
        {
            TensorDtype.F32 => torch.tensor(named.ToFloats(), shape),
            TensorDtype.F64 => torch.tensor(named.ToDoubles(), shape),
            TensorDtype.I64 => torch.tensor(named.ToInt64(), shape),
            TensorDtype.I32 => torch.tensor(named.ToInt32(), shape),
            TensorDtype.U8 => torch.tensor(named.Data, shape),
            _ => throw new OracleException($"tensor '{named.Name}' has dtype {named.Dtype}, which torchsharp cannot load"),
        };
    }

    public static NamedTensor ToNamed(string name, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        var shape = cpu.shape;
        return cpu.dtype switch
        {
            ScalarType.Float32 => NamedTensor.FromFloats(name, cpu.data<float>().ToArray(), shape),
            ScalarType.Float64 => NamedTensor.FromDoubles(name, cpu.data<double>().ToArray(), shape),
            ScalarType.Int64 => NamedTensor.FromInt64(name, cpu.data<long>().ToArray(), shape),
            ScalarType.Int32 => NamedTensor.FromInt32(name, cpu.data<int>().ToArray(), shape),
            ScalarType.Byte => NamedTensor.FromBytes(name, cpu.data<byte>().ToArray(), shape),
            _ => throw new OracleException($"tensor '{name}' has dtype {cpu.dtype}, which safetensors export does not support"),
        };
    }
}
