using BindingConformance.Fixtures;
using BindingConformance.Oracles;

namespace BindingConformance;

/// <summary>
/// One case of a <see cref="FixtureTheoryAttribute"/> theory: a committed fixture, the binding that loads it
/// and the device. <see cref="CheckAsync"/> gives the same verdict as <c>conformance fixtures</c>.
/// </summary>
public sealed class FixtureCell(ModelFixture fixture, string binding, string device, string directory, OracleRegistry registry, string reproduceCommand)
{
    public ModelFixture Fixture { get; } = fixture;

    /// <summary>The binding that loads the fixture (not necessarily the one that wrote it).</summary>
    public string Binding { get; } = binding;

    public string Device { get; } = device;

    /// <summary>The folder of the manifest the fixture's paths are relative to.</summary>
    public string Directory { get; } = directory;

    public OracleRegistry Registry { get; } = registry;

    /// <summary>The command that runs this case alone.</summary>
    public string ReproduceCommand { get; } = reproduceCommand;

    public Task<FixtureVerdict> CheckAsync(CancellationToken cancellationToken = default) =>
        FixtureCheck.RunAsync(Registry, Directory, Fixture, Binding, Device, cancellationToken);

    public override string ToString() => $"fixture {Fixture.Id} loaded by {Binding} on {Device}";
}
