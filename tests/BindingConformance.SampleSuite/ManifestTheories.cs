using FluentAssertions;

namespace BindingConformance.SampleSuite;

/// <summary>
/// A binding no registry of this suite names: the Perl example worker, added by <c>[assembly: BindingManifest]</c>
/// (AssemblyRegistry.cs). Its worker's hello declares that it trains nothing, so its cells are skipped in its own words.
/// </summary>
public class ManifestTheories
{
    /// <summary>Receives its coordinates as strings; checks they are the running cell's.</summary>
    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("example-perl")]
    [ReferenceBinding("example-perl")]
    public void FromManifest(string model, string binding, string device)
    {
        var cell = ConformanceCell.Current!;
        (model, binding, device).Should().Be((cell.Model, cell.Binding, cell.Device));
    }
}
