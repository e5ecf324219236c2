using Xunit.Abstractions;

namespace BindingConformance.Tests.Extension;

/// <summary>Discovery and execution options as a runner passes them (xunit.runner.utility's own type is not available here).</summary>
internal sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> values = new();

    public TValue GetValue<TValue>(string name) => values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => values[name] = value;
}
