using Xunit;
using Xunit.Sdk;

namespace BindingConformance;

/// <summary>
/// A theory run once per committed fixture × loading binding × device: for every fixture of the manifest,
/// every binding of <see cref="BindingsAttribute"/> (all of the registry's when absent) whose capabilities
/// say it loads the fixture's format, on every device of <see cref="DevicesAttribute"/> (<c>cpu</c> when
/// absent). The method takes one <see cref="FixtureCell"/>. A binding or device absent here is skipped with
/// the oracle's reason, so the fixtures of a binding that is not installed are still checked by the others.
/// </summary>
[XunitTestCaseDiscoverer("BindingConformance.Sdk.FixtureTheoryDiscoverer", "BindingConformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FixtureTheoryAttribute : FactAttribute
{
    /// <summary>The fixture folder (holding <c>manifest.json</c>), relative to the checkout; default <c>fixtures/models</c>.</summary>
    public string Directory { get; set; } = "fixtures/models";
}
