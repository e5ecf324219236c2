using BindingConformance.Oracles;

namespace BindingConformance.SampleSuite;

/// <summary>
/// Two ONNX loaders for the fixture theories: onnxruntime (present, but its in-memory model answers 1,000
/// examples, not the fixture's batch) and absent-onnx (not installed).
/// </summary>
public sealed class FixtureSampleRegistry : OracleRegistry
{
    private static readonly BindingDescriptor Present = new("onnxruntime", "onnx", "csharp", false);
    private static readonly BindingDescriptor Absent = new("absent-onnx", "onnx", "csharp", false);

    public FixtureSampleRegistry()
        : base(
        [
            new InMemoryOracle(Present, new OracleCapabilities(false, [], [], [ModelFormat.Onnx]),
                BindingAvailability.Present(Present, "1.0", [Device.Cpu])),
            new InMemoryOracle(Absent, new OracleCapabilities(false, [], [], [ModelFormat.Onnx]),
                BindingAvailability.Absent(Absent, "libonnxruntime_absent.so not found", "install it")),
        ])
    {
    }
}
