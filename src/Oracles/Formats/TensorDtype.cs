namespace BindingConformance.Oracles.Formats;

/// <summary>Element types the oracles exchange; the names are the safetensors dtype strings.</summary>
public enum TensorDtype
{
    F32,
    F64,
    I64,
    I32,
    U8,
}
