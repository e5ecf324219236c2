using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.OnnxRuntime;

/// <summary>
/// The in-process ONNX Runtime oracle under a request's time limit: a real ONNX graph whose Loop never ends
/// (<see cref="OnnxExports"/>) fails its request at the limit, ONNX Runtime's terminate flag stops the session run
/// (no thread is left running), and the oracle serves the next request.
/// </summary>
public sealed class OnnxRuntimeDeadlineTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    private readonly OnnxRuntimeOracle oracle = new(threads: 1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("onnxruntime-deadline-");
    private readonly ModelSpec lenet1 = ModelZoo.Get(ModelZoo.LeNet1);
    private readonly DatasetRef data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 100, testCount: 500);
    private (string NeverEnding, string LeNet1) exports;

    public async Task InitializeAsync() => exports = await OnnxExports.WriteAsync(folder.FullName);

    public async Task DisposeAsync()
    {
        await oracle.DisposeAsync();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_evaluation_whose_loop_never_ends_is_terminated_at_the_limit_and_the_oracle_serves_the_next_request()
    {
        var clock = Stopwatch.StartNew();

        var evaluate = () => oracle.EvaluateAsync(
            new EvaluateRequest(lenet1, data, ModelFormat.Onnx, exports.NeverEnding, Device.Cpu, Passes: 1) { TimeLimit = Limit });

        // No "runs on in the background" clause: the terminate flag stopped the run within the watchdog's grace.
        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be($"onnxruntime evaluation of Onnx file {exports.NeverEnding} timed out after 3 s (set for this request)");
        clock.Elapsed.Should().BeLessThan(Limit + TimeSpan.FromSeconds(5));
        if (OperatingSystem.IsLinux()) (await ThreadEndsAsync("onnxruntime eva")).Should().BeTrue("the terminated run's thread returns");

        var onnx = await oracle.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.Onnx, exports.LeNet1, Device.Cpu, Passes: 1));
        await using var torchsharp = new TorchSharpOracle(threads: 1);
        var weights = await torchsharp.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.Safetensors,
            Path.Combine(AppContext.BaseDirectory, "TorchSharp", "Fixtures", "lenet1.safetensors"), Device.Cpu, Passes: 1));
        onnx.Count.Should().Be(500);
        onnx.CorrectPerPass.Should().Equal(weights.CorrectPerPass, "the ONNX file is the export of the same fixture module (Fixtures/make_lenet1_fixtures.py)");
    }

    [Fact]
    public async Task Activations_whose_loop_never_ends_fail_at_the_limit_naming_the_file()
    {
        var request = new ActivationsRequest(lenet1, ModelFormat.Onnx, exports.NeverEnding,
            NamedTensor.FromFloats("x", new float[2 * 28 * 28], 2, 1, 28, 28), Device.Cpu) { TimeLimit = Limit };

        var activations = () => oracle.ActivationsAsync(request);

        (await activations.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be($"onnxruntime activations of Onnx file {exports.NeverEnding} timed out after 3 s (set for this request)");
    }

    [Fact]
    public async Task A_hazard_probe_whose_export_never_ends_fails_at_the_limit_instead_of_listing_terminated_cases()
    {
        // The export stands in for the LeNet-1 probe's: its cases are MNIST-shaped, uniform in [0, 1).
        var probe = HazardProbes.Get(ModelZoo.LeNet1);
        var artifacts = folder.CreateSubdirectory("artifacts").FullName;
        File.Copy(exports.NeverEnding, Path.Combine(artifacts, $"{probe.Name}.onnx"));

        var run = () => oracle.RunProbeAsync(new ProbeRunRequest(probe, ExecutionMode.Onnx, Device.Cpu, artifacts) { TimeLimit = Limit });

        (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be($"onnxruntime hazard probe {probe.Name} (onnx) timed out after 3 s (set for this request)");
    }

    /// <summary>Whether no thread of this process is named <paramref name="name"/> (Linux keeps Thread.Name's first 15 characters) within a second.</summary>
    private static async Task<bool> ThreadEndsAsync(string name)
    {
        // The watchdog's wait ends when the work sets its result, a moment before its thread returns.
        for (var poll = 0; poll < 20; poll++)
        {
            if (!Directory.GetDirectories("/proc/self/task").Any(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name)) return true;
            await Task.Delay(50);
        }
        return false;
    }
}
