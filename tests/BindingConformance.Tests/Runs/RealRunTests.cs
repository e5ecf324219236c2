using System.Runtime.Versioning;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Tests.Reports;
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
        var training = Cell(report, "training", "pytorch-python", Device.Cpu);
        training.Outcome.Should().Be(CellOutcome.Passed, training.Reason);
        var correctAfterTraining = (int)Math.Round(training.Metrics["final_test_accuracy"]!.GetValue<double>() * data.TestCount);
        Cell(report, "training", "onnxruntime", Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "onnxruntime is inference-only");

        var damaged = Cell(report, "cross-load", "pytorch-python", Device.Cpu, format: "torchsharp", source: "pytorch-python");
        damaged.Outcome.Should().Be(CellOutcome.Failed);
        damaged.Reason.Should().StartWith($"pytorch-python failed to load or run {torchSharpFile}: ").And.Contain("TorchSharpFormatError").And.Contain(torchSharpFile);

        foreach (var (binding, format) in new[]
                 {
                     ("pytorch-python", "safetensors"), ("pytorch-python", "torchscript_traced"), ("pytorch-python", "torchscript_scripted"), ("onnxruntime", "onnx"),
                 })
        {
            var cell = Cell(report, "cross-load", binding, Device.Cpu, format, source: "pytorch-python");
            cell.Outcome.Should().Be(CellOutcome.Passed, cell.Reason);
            cell.Metrics["expected_correct"]!.GetValue<int>().Should().Be(correctAfterTraining, "cross-loads reproduce the model the source trained");
            cell.Metrics["correct_per_pass"]!.AsArray().Select(c => c!.GetValue<int>()).Should().AllBeEquivalentTo(correctAfterTraining);
        }

        if (!registry.Availability(python.Binding.Id).Devices.Contains(Device.Cuda))
        {
            Cell(report, "training", "pytorch-python", Device.Cuda).Should().Match<CellResult>(c =>
                c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available for pytorch-python"));
            report.Cells.Where(c => c.Kind.Name == "cross-load" && c.Key.Device == Device.Cuda).Should().NotBeEmpty()
                .And.OnlyContain(c => c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available"));
        }
        ReportSchema.ShouldValidateFile(output);
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

        var killed = report.Cells.Should().ContainSingle(c => c.Kind.Name == "training" && c.Key.Subject == ModelZoo.LeNet1 && c.Key.Binding == "pytorch-python").Subject;
        killed.Outcome.Should().Be(CellOutcome.Failed);
        killed.Reason.Should().StartWith("training failed: pytorch-python worker failed during 'train': it exited with").And.Contain("SIGKILL")
            .And.Contain(killedWorkerLine);
        report.Cells.Should().NotContain(c => c.Key.Subject == ModelZoo.LeNet1 && c.Kind.Name == "cross-load", "LeNet-1 saved nothing to load");

        var lenet5 = report.Cells.Where(c => c.Key.Subject == ModelZoo.LeNet5 && c.Outcome != CellOutcome.Skipped).ToArray();
        lenet5.Should().Contain(c => c.Kind.Name == "training" && c.Key.Binding == "pytorch-python")
            .And.Contain(c => c.Key.Source == "pytorch-python" && c.Key.Binding == "onnxruntime")
            .And.OnlyContain(c => c.Outcome == CellOutcome.Passed, "the next request started a fresh worker");
        python.StderrLine.Should().NotBe(killedWorkerLine);
        ReportSchema.ShouldValidateFile(output);
        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Select(c => (c.Name, c.Outcome, c.Reason))
            .Should().Equal(report.Cells.Select(c => (c.Name, c.Outcome, c.Reason)));
    }

    private static PlannedModel Planned(string name) =>
        new(ModelZoo.Get(name), DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 1000, testCount: 200),
            new TrainingSettings(Epochs: 2, BatchSize: 32), Seeds: [1], MinimumTestAccuracy: 0.5, TrainingSkips: new Dictionary<string, string>());

    private static CellResult Cell(RunReport report, string kind, string binding, string device, string? format = null, string? source = null) =>
        report.Cells.Should().ContainSingle(c => c.Kind.Name == kind && c.Key.Binding == binding && c.Key.Device == device && c.Key.Format == format
                                                 && c.Key.Source == source,
            $"one {kind} cell for {source}→{binding} {device} {format}").Subject;

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
