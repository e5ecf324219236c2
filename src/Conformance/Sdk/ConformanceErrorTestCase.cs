using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// A wrongly declared conformance theory: one failing case that names every problem. It carries the
/// declared axis values as traits so that a filter such as <c>Binding=torchsharp</c> still shows it
/// instead of silently matching nothing.
/// </summary>
public sealed class ConformanceErrorTestCase : ExecutionErrorTestCase
{
    private static readonly string[] axes = ["Model", "Binding", "Device", "Mode"];
    private Dictionary<string, string[]> declared = [];

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceErrorTestCase()
    {
    }

    internal ConformanceErrorTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        string errorMessage,
        MatrixAxes declaredAxes)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, errorMessage)
    {
        declared = new Dictionary<string, string[]>
        {
            ["Model"] = [.. declaredAxes.Models],
            ["Binding"] = [.. declaredAxes.Bindings],
            ["Device"] = [.. declaredAxes.Devices],
            ["Mode"] = [.. declaredAxes.Modes],
        };
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        foreach (var axis in axes) data.AddValue(axis, declared[axis]);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        declared = axes.ToDictionary(axis => axis, axis => data.GetValue<string[]>(axis));
        base.Deserialize(data);
    }

    protected override void Initialize()
    {
        base.Initialize();
        foreach (var (axis, values) in declared) Traits[axis] = [.. values];
    }
}
