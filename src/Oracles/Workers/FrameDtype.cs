namespace BindingConformance.Oracles.Workers;

/// <summary>Element types a frame tensor may have; the member names are the wire names.</summary>
public enum FrameDtype
{
    F32,
    F64,
    I64,
    I32,
    U8,
}
