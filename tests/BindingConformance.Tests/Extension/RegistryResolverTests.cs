using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers;
using BindingConformance.Sdk;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>A suite names a released version like any binding: the registry a theory resolves adds it as a binding of its own.</summary>
public sealed class RegistryResolverTests
{
    [Fact]
    public void A_release_a_theory_names_joins_the_registry_after_its_binding()
    {
        var method = typeof(ReleaseTheories).GetMethod(nameof(ReleaseTheories.OneReleaseBesideTheOther))!;

        var registry = RegistryResolver.Resolve(method);

        registry.Oracles.Select(o => o.Binding.Id).Should().Equal("tfjs", "tfjs@4.10.0");
        registry.Get("tfjs@4.10.0").Binding.Should().Be(new BindingDescriptor("tfjs@4.10.0", "tensorflow", "javascript", IsDefault: false)
        {
            Release = new BindingRelease("tfjs", "4.10.0"),
        });
    }

    /// <summary>The registry of <see cref="ReleaseTheories"/>: the shipped tfjs binding alone.</summary>
    public sealed class TfjsRegistry() : OracleRegistry([new WorkerOracle(ShippedManifests.Get("tfjs"))]);

    /// <summary>Never run: what a suite declares. The release is resolved without starting any worker.</summary>
    [ConformanceRegistry(typeof(TfjsRegistry))]
    public sealed class ReleaseTheories
    {
        [Bindings("tfjs@4.10.0", "tfjs")]
        public void OneReleaseBesideTheOther()
        {
        }
    }
}
