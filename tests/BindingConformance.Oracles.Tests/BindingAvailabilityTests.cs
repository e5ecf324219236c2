using System.Text.Json.Nodes;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests;

public sealed class BindingAvailabilityTests
{
    private static readonly BindingDescriptor Worker = new("worker", "pytorch", "python", IsDefault: true);

    [Fact]
    public void A_hello_that_explains_a_missing_device_gives_that_explanation_to_skipped_cells()
    {
        var hello = Hello("""{"version": "1.13.0", "devices": ["cpu"], "absent_devices": {"cuda": "torch 1.13.0 is a CPU-only build"}}""");

        var availability = WorkerDeclaration.Read(hello).Availability(Worker);

        availability.Available.Should().BeTrue();
        availability.Version.Should().Be("1.13.0");
        availability.WhyNot(Device.Cpu).Should().BeNull();
        availability.WhyNot(Device.Cuda).Should().Be("CUDA not available for worker: torch 1.13.0 is a CPU-only build");
    }

    [Fact]
    public void A_hello_without_explanations_falls_back_to_the_generic_reason()
    {
        var hello = Hello("""{"version": "2.0", "devices": ["cpu"]}""");

        WorkerDeclaration.Read(hello).Availability(Worker).WhyNot(Device.Cuda)
            .Should().Be("CUDA not available for worker: no CUDA device or no CUDA build of this binding");
    }

    [Fact]
    public void An_absent_binding_gives_its_own_reason_for_every_device()
    {
        var absent = BindingAvailability.Absent(Worker, "Python not found at '/x'", "apt-get install python3");

        absent.WhyNot(Device.Cpu).Should().Be("worker not available: Python not found at '/x'");
        absent.WhyNot(Device.Cuda).Should().Be("worker not available: Python not found at '/x'");
    }

    /// <summary>A hello with the fields every worker declares, and <paramref name="fields"/>.</summary>
    private static JsonObject Hello(string fields)
    {
        var hello = JsonNode.Parse("""{"protocol": "1.0", "binding": "worker", "framework": "pytorch", "language": "python"}""")!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(fields)!.AsObject()) hello[key] = value?.DeepClone();
        return hello;
    }
}
