using BindingConformance.Oracles.Tests.Tfjs;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>
/// Released versions of a binding side by side: <c>tfjs@4.10.0</c> is a binding of its own, installed by npm into its own
/// folder under the cache, and it must load the release it was asked for.
/// </summary>
public sealed class ReleasesSideBySideTests
{
    [Fact]
    public void A_release_is_its_own_binding_with_its_own_packages_folder()
    {
        var tfjs = ShippedManifests.Get(ShippedWorkers.TfjsId);

        var release = tfjs.ForRelease("4.10.0");

        release.Id.Should().Be("tfjs@4.10.0");
        release.Release.Should().Be(new BindingRelease("tfjs", "4.10.0"));
        release.Descriptor.Should().Be(new BindingDescriptor("tfjs@4.10.0", "tensorflow", "javascript", IsDefault: false) { Release = new BindingRelease("tfjs", "4.10.0") });
        release.Packages.Should().Be(Path.Combine(ProductPaths.Cache, "releases", "tfjs@4.10.0", "node_modules"));
        ManifestPlaceholders.Expand("{packages}", release).Should().Be(release.Packages);
    }

    [Theory]
    [InlineData("pytorch-python", "4.10.0", "binding 'pytorch-python' cannot run other releases side by side: its manifest * has no 'releases' section")]
    [InlineData("tfjs", "../4.10.0", "binding id 'tfjs@../4.10.0' is not allowed*")]
    [InlineData("tfjs", "4.10.0@1", "binding id 'tfjs@4.10.0@1' is not allowed*")]
    public void A_release_that_cannot_run_side_by_side_is_refused(string binding, string version, string expected)
    {
        var release = () => ShippedManifests.Get(binding).ForRelease(version);

        release.Should().Throw<ArgumentException>().WithMessage(expected);
    }

    [Fact]
    public void A_registry_adds_a_requested_release_after_its_binding_and_refuses_one_of_a_binding_without_releases()
    {
        var registry = new DefaultOracleRegistry();

        registry.Select(["tfjs@4.10.0", "torchsharp", "tfjs"]).Oracles.Select(o => o.Binding.Id).Should().Equal("torchsharp", "tfjs", "tfjs@4.10.0");
        registry.WithReleases(["tfjs@4.10.0"]).Oracles.Should().HaveCount(registry.Oracles.Count + 1);
        var torchsharp = () => registry.Select(["torchsharp@0.106.0"]);
        torchsharp.Should().Throw<ArgumentException>().WithMessage(
            "binding 'torchsharp' cannot run other releases side by side (torchsharp@0.106.0): only a binding described by a manifest with a 'releases' section can");
        var unknown = () => registry.Select(["nothing@1.0"]);
        unknown.Should().Throw<ArgumentException>().WithMessage("unknown binding 'nothing'*");
    }

    [TfjsFact]
    public async Task A_released_tfjs_installs_into_its_own_folder_and_reports_that_release_and_its_engine()
    {
        await using var release = ShippedWorkers.Tfjs().Release("4.10.0");

        var availability = release.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Id.Should().Be("tfjs@4.10.0");
        availability.Version.Should().Be("4.10.0");
        availability.Engine.Should().Be(new BindingEngine("tfjs-backend-cpu", "4.10.0"));
        File.Exists(Path.Combine(ProductPaths.Cache, "releases", "tfjs@4.10.0", "node_modules", "@tensorflow", "tfjs", "package.json")).Should().BeTrue();
        Directory.EnumerateDirectories(Path.Combine(ProductPaths.Cache, "releases"), ".tfjs@4.10.0.installing-*").Should().BeEmpty();
    }

    [TfjsFact]
    public async Task A_release_folder_holding_another_version_is_absent_saying_which_it_loaded()
    {
        var folder = Path.Combine(ProductPaths.Cache, "releases", $"tfjs@0.0.1-mismatch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            // A folder that exists is taken as installed; this one holds the checkout's own tfjs.
            Directory.CreateSymbolicLink(Path.Combine(folder, "node_modules"), ProductPaths.NodeModules);
            var version = Path.GetFileName(folder)["tfjs@".Length..];
            await using var release = ShippedWorkers.Tfjs().Release(version);

            var availability = release.Probe();

            availability.Available.Should().BeFalse();
            availability.Reason.Should().Be($"the worker loaded tfjs 4.22.0 from {Path.Combine(folder, "node_modules")}, not the release {version} asked for");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TfjsFact]
    public async Task A_version_npm_does_not_have_is_absent_with_npms_reason_and_leaves_no_folder_behind()
    {
        await using var release = ShippedWorkers.Tfjs().Release("0.0.0-not-released");

        var availability = release.Probe();

        availability.Available.Should().BeFalse();
        availability.Reason.Should().StartWith("npm install @tensorflow/tfjs@0.0.0-not-released @tensorflow/tfjs-backend-wasm@0.0.0-not-released failed: exit code 1:")
            .And.Contain("ETARGET");
        availability.Fix.Should().Be("check that npm reaches its registry and that 0.0.0-not-released is a released version (npm view @tensorflow/tfjs versions)");
        Directory.EnumerateFileSystemEntries(Path.Combine(ProductPaths.Cache, "releases"), "*0.0.0-not-released*", SearchOption.TopDirectoryOnly)
            .Should().BeEmpty("a failed install is removed");
    }
}
