using BindingConformance.Oracles.OnnxRuntime;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.OnnxRuntime;

/// <summary>The ONNX Runtime native library of the Microsoft.ML.OnnxRuntime package, really loaded.</summary>
public sealed class OnnxRuntimeProbeTests
{
    [Fact]
    public async Task Probe_loads_onnxruntime_and_says_the_cpu_package_has_no_cuda_provider()
    {
        await using var oracle = new OnnxRuntimeOracle();

        var availability = oracle.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Version.Should().Be("1.31.1", "Directory.Packages.props pins Microsoft.ML.OnnxRuntime 1.31.1");
        availability.Engine.Should().Be(new BindingEngine("onnxruntime", "1.31.1"), "the C# API drives the native ONNX Runtime it loaded");
        availability.Devices.Should().Equal(Device.Cpu);
        availability.WhyNot(Device.Cuda).Should().Be(
            "CUDA not available for onnxruntime: this ONNX Runtime build has no CUDAExecutionProvider (providers: CPUExecutionProvider); " +
            "CUDA needs the Microsoft.ML.OnnxRuntime.Gpu package");
    }
}
