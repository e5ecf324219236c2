using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Tests.PythonTorch;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace BindingConformance.Oracles.Tests.OnnxRuntimeNode;

/// <summary>
/// ONNX Runtime for Node for real, through its shipped manifest and the generic worker oracle: what its hello declares,
/// Python's ONNX export of a trained LeNet-5 evaluated at Python's correct count and as ONNX Runtime's C# binding runs it,
/// and the output as its activations. Its golden fixtures are checked by <c>conformance fixtures</c>
/// (FixturesCommandTests), its protocol by <c>check-worker</c>.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class OnnxRuntimeNodeBindingTests(TrainedLeNet5 trained, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WorkerOracle node = ShippedWorkers.Oracle(ShippedWorkers.OnnxRuntimeNodeId, threads: 1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await node.DisposeAsync();

    [OnnxRuntimeNodeFact]
    public void Probe_declares_an_inference_only_onnx_binding_in_javascript_on_onnxruntime_1_30()
    {
        var availability = node.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Should().Be(new BindingDescriptor("onnxruntime-node", "onnx", "javascript", IsDefault: false));
        availability.Version.Should().Be("1.30.0");
        availability.Engine.Should().Be(new BindingEngine("onnxruntime", "1.30.0"));
        availability.Devices.Should().Equal(Device.Cpu);
        availability.WhyDeviceAbsent(Device.Cuda).Should().Contain("CUDA execution provider");
        var capabilities = node.Capabilities;
        capabilities.CanTrain.Should().BeFalse();
        capabilities.Models.Should().Equal(ModelZoo.Names);
        capabilities.SaveFormats.Should().BeEmpty();
        capabilities.LoadFormats.Should().Equal(ModelFormat.Onnx);
        capabilities.ActivationFormats.Should().Equal(ModelFormat.Onnx);
        capabilities.ExecutionModes.Should().BeEmpty();
    }

    [OnnxRuntimeNodeFact]
    public async Task A_release_runs_from_its_own_packages_folder_and_must_load_the_version_asked_for()
    {
        var folder = Path.Combine(ProductPaths.Cache, "releases", $"onnxruntime-node@0.0.1-mismatch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            // A folder that exists is taken as installed; this one holds the checkout's own onnxruntime-node.
            Directory.CreateSymbolicLink(Path.Combine(folder, "node_modules"), ProductPaths.NodeModules);
            var version = Path.GetFileName(folder)["onnxruntime-node@".Length..];
            await using var release = node.Release(version);

            var availability = release.Probe();

            availability.Available.Should().BeFalse();
            availability.Reason.Should().Be($"the worker loaded onnxruntime-node 1.30.0 from {Path.Combine(folder, "node_modules")}, not the release {version} asked for");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [OnnxRuntimeNodeFact]
    public async Task Evaluates_Pythons_onnx_export_with_Pythons_correct_count_as_the_CSharp_binding_does()
    {
        await using var csharp = new OnnxRuntimeOracle(threads: 1);

        var result = await node.EvaluateAsync(trained.Evaluate(ModelFormat.Onnx) with { Passes = 3 });
        var dotnet = await csharp.EvaluateAsync(trained.Evaluate(ModelFormat.Onnx) with { Passes = 1 });

        result.CorrectPerPass.Should().Equal(trained.FinalCorrect, trained.FinalCorrect, trained.FinalCorrect);
        result.PassSeconds.Should().HaveCount(3).And.OnlyContain(s => s > 0);
        result.PassLogits.Should().AllSatisfy(pass => pass.Should().Equal(result.Logits), "evaluation is deterministic");
        // ONNX Runtime 1.30 in Node and 1.31.1 in C#, the same graph optimisations and batches of 1,000: the same CPU kernels.
        var difference = result.Logits.Zip(dotnet.Logits, (a, b) => Math.Abs((double)a - b)).Max();
        output.WriteLine($"max |Node logits - C# logits| = {difference:R}");
        result.Logits.Should().HaveSameCount(dotnet.Logits);
        difference.Should().BeLessThanOrEqualTo(1e-6);
    }

    [OnnxRuntimeNodeFact]
    public async Task Its_activations_are_the_output_alone_equal_to_evaluations_logits()
    {
        var x = SafetensorsReader.Read(trained.Data.Path)["test_x"];
        var request = new ActivationsRequest(trained.Model, ModelFormat.Onnx, trained.PathOf(ModelFormat.Onnx), x, Device.Cpu);

        var activations = await node.ActivationsAsync(request);
        var evaluation = await node.EvaluateAsync(trained.Evaluate(ModelFormat.Onnx) with { Passes = 1 });

        activations.IsOutputOnly.Should().BeTrue();
        activations.Logits.ToFloats().Should().Equal(evaluation.Logits);
    }
}
