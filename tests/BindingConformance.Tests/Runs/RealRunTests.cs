using System.Runtime.Versioning;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Reports;
using BindingConformance.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// <see cref="ConformanceRunner"/> end to end on real bindings: a tiny LeNet-1 plan trained by Python PyTorch,
/// cross-loaded into itself and into ONNX Runtime, with one saved file truncated on disk just before its
/// cross-load cell runs, or with the worker killed mid-training. The damaged cell fails naming the file or
/// the signal and the worker's stderr; every other cell still runs and is reported.
/// </summary>
public sealed class RealRunTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("runner-real-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task A_file_damaged_between_training_and_cross_loading_fails_its_cell_and_every_other_cell_is_run_and_reported()
    {
        var model = Planned(ModelZoo.LeNet1);
        var data = model.Data;
        var plan = new RunPlan("tiny", [model], [Device.Cpu, Device.Cuda], output);
        var torchSharpFile = Path.Combine(output, "models", ModelZoo.LeNet1, "pytorch-python-cpu", ModelFileNames.For(ModelFormat.TorchSharp));
        await using var python = ShippedWorkers.Python(threads: 1);
        await using var onnx = new OnnxRuntimeOracle(threads: 1);
        var registry = new OracleRegistry([python, onnx]);
        var progress = new DamageBeforeCell("cross-load LeNet1: pytorch-python→pytorch-python (torchsharp, cpu)", torchSharpFile);

        var report = await new ConformanceRunner(registry, plan, progress).RunAsync(CancellationToken.None);

        progress.Damaged.Should().BeTrue("the runner announces each cell before running it");
        var training = Cell(report, "training", "pytorch-python", Device.Cpu, "eager");
        training.Outcome.Should().Be(CellOutcome.Passed, training.Reason);
        var correctAfterTraining = (int)Math.Round(training.Metrics["final_test_accuracy"]!.GetValue<double>() * data.TestCount);
        Cell(report, "training", "onnxruntime", Device.Cpu, "eager").Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "onnxruntime is inference-only");

        var damaged = Cell(report, "cross-load", "pytorch-python→pytorch-python", Device.Cpu, "torchsharp");
        damaged.Outcome.Should().Be(CellOutcome.Failed);
        damaged.Reason.Should().StartWith($"pytorch-python failed to load {torchSharpFile}: ").And.Contain("TorchSharpFormatError").And.Contain(torchSharpFile);

        foreach (var (binding, mode) in new[]
                 {
                     ("pytorch-python→pytorch-python", "safetensors"), ("pytorch-python→pytorch-python", "torchscript_traced"),
                     ("pytorch-python→pytorch-python", "torchscript_scripted"), ("pytorch-python→onnxruntime", "onnx"),
                 })
        {
            var cell = Cell(report, "cross-load", binding, Device.Cpu, mode);
            cell.Outcome.Should().Be(CellOutcome.Passed, cell.Reason);
            cell.Metrics["expected_correct"]!.GetValue<int>().Should().Be(correctAfterTraining, "cross-loads reproduce the model the source trained");
            cell.Metrics["correct_per_pass"]!.AsArray().Select(c => c!.GetValue<int>()).Should().AllBeEquivalentTo(correctAfterTraining);
        }

        if (!registry.Availability(python.Binding.Id).Devices.Contains(Device.Cuda))
        {
            Cell(report, "training", "pytorch-python", Device.Cuda, "eager").Should().Match<CellResult>(c =>
                c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available for pytorch-python"));
            report.Cells.Where(c => c.Suite == "cross-load" && c.Device == Device.Cuda).Should().NotBeEmpty()
                .And.OnlyContain(c => c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available"));
        }
        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Select(c => (c.Name, c.Outcome, c.Reason))
            .Should().Equal(report.Cells.Select(c => (c.Name, c.Outcome, c.Reason)));
        File.ReadAllText(Path.Combine(output, "report.md")).Should().Contain("TorchSharpFormatError");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_worker_killed_during_training_fails_that_cell_and_the_next_model_trains_and_cross_loads_on_a_fresh_worker()
    {
        var plan = new RunPlan("tiny", [Planned(ModelZoo.LeNet1), Planned(ModelZoo.LeNet5)], [Device.Cpu], output);
        var python = new PidRecordingPython(output);
        await using var pytorch = ShippedWorkers.Python(python.Executable, threads: 1);
        await using var onnx = new OnnxRuntimeOracle(threads: 1);
        string? killedWorkerLine = null;
        pytorch.Progress += (_, _) =>
        {
            // The first progress frame of the run is LeNet-1's first epoch: the worker dies mid-training.
            if (killedWorkerLine is not null) return;
            killedWorkerLine = python.StderrLine;
            python.KillWorker();
        };

        var report = await new ConformanceRunner(new OracleRegistry([pytorch, onnx]), plan, new Progress<string>()).RunAsync(CancellationToken.None);

        var killed = report.Cells.Should().ContainSingle(c => c.Suite == "training" && c.Model == ModelZoo.LeNet1 && c.Binding == "pytorch-python").Subject;
        killed.Outcome.Should().Be(CellOutcome.Failed);
        killed.Reason.Should().StartWith("training failed: pytorch-python worker failed during 'train': it exited with").And.Contain("SIGKILL")
            .And.Contain(killedWorkerLine);
        report.Cells.Should().NotContain(c => c.Model == ModelZoo.LeNet1 && c.Suite == "cross-load", "LeNet-1 saved nothing to load");

        var lenet5 = report.Cells.Where(c => c.Model == ModelZoo.LeNet5 && c.Outcome != CellOutcome.Skipped).ToArray();
        lenet5.Should().Contain(c => c.Suite == "training" && c.Binding == "pytorch-python")
            .And.Contain(c => c.Binding == "pytorch-python→onnxruntime")
            .And.OnlyContain(c => c.Outcome == CellOutcome.Passed, "the next request started a fresh worker");
        python.StderrLine.Should().NotBe(killedWorkerLine);
        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Select(c => (c.Name, c.Outcome, c.Reason))
            .Should().Equal(report.Cells.Select(c => (c.Name, c.Outcome, c.Reason)));
    }

    private static PlannedModel Planned(string name) =>
        new(ModelZoo.Get(name), DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 1000, testCount: 200),
            new TrainingSettings(Epochs: 2, BatchSize: 32), Seeds: [1], MinimumTestAccuracy: 0.5, TrainingSkips: new Dictionary<string, string>());

    private static CellResult Cell(RunReport report, string suite, string binding, string device, string mode) =>
        report.Cells.Should().ContainSingle(c => c.Suite == suite && c.Binding == binding && c.Device == device && c.Mode == mode,
            $"one {suite} cell for {binding} {device} {mode}").Subject;

    /// <summary>
    /// Progress sink that truncates a saved file when the runner announces a given cell, which it does
    /// synchronously just before running it: a file damaged on disk after training, before loading.
    /// </summary>
    private sealed class DamageBeforeCell(string announcement, string file) : IProgress<string>
    {
        public bool Damaged { get; private set; }

        public void Report(string value)
        {
            if (value != announcement) return;
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            Damaged = true;
        }
    }
}
