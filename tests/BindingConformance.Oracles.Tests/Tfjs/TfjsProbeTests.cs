using BindingConformance.Oracles.Tfjs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>The probe really starts Node and loads TensorFlow.js, and says what to do when it cannot.</summary>
public sealed class TfjsProbeTests
{
    [TfjsFact]
    public async Task Probe_starts_node_and_reports_tfjs_4_22_on_cpu()
    {
        await using var oracle = new TfjsOracle();

        var availability = oracle.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Should().Be(new BindingDescriptor("tfjs", "tensorflow", "javascript", IsDefault: false));
        availability.Version.Should().Be("4.22.0");
        availability.Devices.Should().Equal(Device.Cpu);
        availability.WhyNot(Device.Cuda).Should().Be(
            "CUDA not available for tfjs: tfjs runs on its cpu and wasm backends here; CUDA needs @tensorflow/tfjs-node-gpu, which is not installed");
    }

    [Fact]
    public async Task Probe_without_the_npm_packages_names_the_folder_and_the_install_command()
    {
        var empty = Directory.CreateTempSubdirectory("tfjs-no-modules-").FullName;
        try
        {
            await using var oracle = new TfjsOracle(nodeModules: empty);

            var availability = oracle.Probe();

            availability.Available.Should().BeFalse();
            availability.Reason.Should().Contain("@tensorflow/tfjs").And.Contain(empty);
            availability.Fix.Should().Contain("bootstrap.sh");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Probe_without_node_names_the_missing_executable()
    {
        const string missing = "/nonexistent/bin/node";
        await using var oracle = new TfjsOracle(nodeExecutable: missing);

        var availability = oracle.Probe();

        availability.Available.Should().BeFalse();
        availability.Reason.Should().Contain(missing);
        availability.Fix.Should().Contain("Node.js");
    }
}
