using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Tests.Reports;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// Harness tests of <see cref="ConformanceRunner"/> with scripted oracles: which cells exist, how each ends
/// and why, that one failing cell never stops the run, and that the report on disk is current after every cell.
/// </summary>
public sealed class ConformanceRunnerTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    private static readonly BindingDescriptor Foreign = new("foreign-js", "tensorflow", "javascript", IsDefault: false);

    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1, ModelZoo.LeNet5],
        [ModelFormat.Safetensors, ModelFormat.TorchSharp], [ModelFormat.Safetensors, ModelFormat.TorchSharp]);

    private static readonly OracleCapabilities LoadsSafetensorsOnly = new(false, [], [], [ModelFormat.Safetensors]);

    // The runner only passes the dataset through to the oracles; scripted oracles never open it.
    private static readonly DatasetRef Data = new(DatasetNames.Mnist, "/nonexistent/scripted-mnist.safetensors", 100, 100);

    private readonly string output = Directory.CreateTempSubdirectory("runner-harness-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task Unavailable_bindings_and_devices_and_untrainable_cells_are_skipped_with_their_reasons()
    {
        var reference = new ScriptedOracle(Reference, Trains);
        var absent = new ScriptedOracle(Port, Trains, BindingAvailability.Absent(Port, "libport.so not found", "install it"));
        var inferenceOnly = new ScriptedOracle(Foreign, LoadsSafetensorsOnly);
        var skips = new Dictionary<string, string> { [Reference.Id] = "too slow for the smoke tier" };

        var report = await RunAsync([reference, absent, inferenceOnly], [Model(ModelZoo.LeNet5, trainingSkips: skips), Model(ModelZoo.LeNet1)],
            [Device.Cpu, Device.Cuda]);

        Cell(report, "training", ModelZoo.LeNet1, Port.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "port-csharp not available: libport.so not found");
        Cell(report, "training", ModelZoo.LeNet1, Reference.Id, Device.Cuda).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available for reference-python"));
        Cell(report, "training", ModelZoo.LeNet1, Foreign.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "foreign-js is inference-only");
        Cell(report, "training", ModelZoo.LeNet5, Reference.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "too slow for the smoke tier");
        reference.TrainRequests.Select(r => (r.Model.Name, r.Seed)).Should().Equal([(ModelZoo.LeNet1, 1), (ModelZoo.LeNet1, 1)],
            "LeNet5 is skipped for the reference and CUDA is absent; the one seed is trained again as the determinism probe");

        // Loading into an absent binding or onto an absent device is a skipped cell too, never an omitted one.
        Cell(report, "cross-load", ModelZoo.LeNet1, Port.Id, Device.Cpu, format: "safetensors", source: Reference.Id).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.Contains("libport.so not found"));
        Cell(report, "weight-transfer", ModelZoo.LeNet1, Foreign.Id, Device.Cuda, format: "safetensors", source: Reference.Id).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("CUDA not available for foreign-js"));
        // So is a time-cost cell of a binding with nothing to time: inference-only, or absent.
        Cell(report, "inference-time", ModelZoo.LeNet1, Foreign.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.Contains("inference-only"));
        Cell(report, "training-time", ModelZoo.LeNet1, Port.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.Contains("libport.so not found"));
        report.Cells.Where(c => c.Outcome == CellOutcome.Skipped).Should().OnlyContain(c => !string.IsNullOrWhiteSpace(c.Reason));
    }

    [Fact]
    public async Task A_binding_whose_training_throws_gets_a_failed_cell_and_every_other_cell_still_runs()
    {
        var reference = new ScriptedOracle(Reference, Trains);
        var crashing = new ScriptedOracle(Port, Trains)
        {
            Train = _ => throw new OracleException("port-csharp worker failed during 'train': it exited with exit code 137 (signal 9, SIGKILL)."),
        };

        var report = await RunAsync([reference, crashing], [Model(ModelZoo.LeNet1), Model(ModelZoo.LeNet5)], [Device.Cpu]);

        foreach (var model in new[] { ModelZoo.LeNet1, ModelZoo.LeNet5 })
        {
            Cell(report, "training", model, Port.Id, Device.Cpu).Should().Match<CellResult>(c => c.Outcome == CellOutcome.Failed
                && c.Reason == "training failed: port-csharp worker failed during 'train': it exited with exit code 137 (signal 9, SIGKILL).");
            Cell(report, "training", model, Reference.Id, Device.Cpu).Outcome.Should().Be(CellOutcome.Passed);
            // The reference's files still load into the binding that could not train.
            Cell(report, "cross-load", model, Port.Id, Device.Cpu, format: "torchsharp", source: Reference.Id).Outcome.Should().Be(CellOutcome.Passed);
        }
        report.Cells.Should().NotContain(c => c.Key.Source == Port.Id, "a binding that trained nothing has no files to cross-load");
    }

    [Fact]
    public async Task Report_on_disk_holds_every_earlier_cell_when_a_later_cell_brings_the_run_down()
    {
        var seenOnDisk = new List<CellResult>();
        using var abort = new CancellationTokenSource();
        var reference = new ScriptedOracle(Reference, Trains);
        var dying = new ScriptedOracle(Port, Trains)
        {
            Train = _ =>
            {
                seenOnDisk.AddRange(RunReportReader.Read(Path.Combine(output, "report.json")).Cells);
                // Cancellation is the one thing the runner lets escape: the stand-in for a process that dies here.
                abort.Cancel();
                abort.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException("unreachable");
            },
        };
        var runner = new ConformanceRunner(new OracleRegistry([reference, dying]), Plan([Model(ModelZoo.LeNet1)], [Device.Cpu]), new Progress<string>());

        var run = () => runner.RunAsync(abort.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        seenOnDisk.Should().ContainSingle("the reference's training cell was written before the next binding started")
            .Which.Should().Match<CellResult>(c => c.Kind.Name == "training" && c.Key.Binding == Reference.Id && c.Outcome == CellOutcome.Passed);
        var afterCrash = RunReportReader.Read(Path.Combine(output, "report.json"));
        afterCrash.Cells.Select(c => c.Name).Should().Equal(seenOnDisk.Select(c => c.Name));
        File.ReadAllText(Path.Combine(output, "report.md")).Should().Contain(Reference.Id);
    }

    [Fact]
    public async Task Report_json_has_one_entry_per_cell_with_every_coordinate_outcome_reason_and_metrics()
    {
        var reference = new ScriptedOracle(Reference, Trains);
        var port = new ScriptedOracle(Port, Trains, BindingAvailability.Absent(Port, "not built", null));

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!["cells"]!.AsArray();
        cells.Should().HaveCount(report.Cells.Count);
        foreach (var cell in cells.Select(c => c!.AsObject()))
        {
            cell.Select(p => p.Key).Should().Contain(["kind", "role", "subject", "source", "binding", "device", "mode", "format", "backend", "outcome", "reason", "rules", "metrics"]);
            cell["outcome"]!.GetValue<string>().Should().BeOneOf("passed", "failed", "skipped");
            cell["metrics"].Should().BeOfType<JsonObject>();
            if (cell["outcome"]!.GetValue<string>() != "passed") cell["reason"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        }
        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Select(c => c.Name)
            .Should().Equal(report.Cells.Select(c => c.Name));
    }

    [Fact]
    public async Task A_cross_loaded_model_must_match_the_source_bindings_own_correct_count_on_every_pass()
    {
        var reference = new ScriptedOracle(Reference, Trains) { Evaluate = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95]) };
        var port = new ScriptedOracle(Port, Trains)
        {
            Evaluate = request => request.Format == ModelFormat.Safetensors
                ? ScriptedOracle.Evaluation([95, 95, 94, 95, 95])
                : ScriptedOracle.Evaluation([93, 93, 93, 93, 93]),
        };

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        var unstable = Cell(report, "cross-load", ModelZoo.LeNet1, Port.Id, Device.Cpu, format: "safetensors", source: Reference.Id);
        unstable.Outcome.Should().Be(CellOutcome.Failed);
        unstable.Reason.Should().Contain("correct-count: correct predictions differ from reference-python's evaluation of its own file (95): pass 3: 94")
            .And.Contain("pass-determinism: repeated passes must agree (eval mode): counts 95, 95, 94, 95, 95");
        var stableButWrong = Cell(report, "cross-load", ModelZoo.LeNet1, Port.Id, Device.Cpu, format: "torchsharp", source: Reference.Id);
        stableButWrong.Outcome.Should().Be(CellOutcome.Failed);
        stableButWrong.Reason.Should().StartWith("correct-count: correct predictions differ from reference-python's evaluation of its own file (95): pass 1: 93, pass 2: 93, pass 3: 93, pass 4: 93, pass 5: 93 (value 93, 93, 93, 93, 93, bound = 95 on every pass)")
            .And.Contain("blame: port-csharp (it does not reproduce its own trained model either)", "the port's own file gives 93 where it trained 95")
            .And.EndWith("reproduce: conformance run --models LeNet1 --bindings reference-python,port-csharp --devices cpu --seeds 1");
        stableButWrong.Metrics["expected_correct"]!.GetValue<int>().Should().Be(95);
        stableButWrong.Key.Source.Should().Be(Reference.Id);
        Cell(report, "cross-load", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "torchsharp", source: Reference.Id).Outcome.Should().Be(CellOutcome.Passed);
        // The source's own evaluation loads its own file, in a format it can load, on the device it trained on.
        var ownFile = Path.GetFullPath(Path.Combine(output, "models", "LeNet1", "reference-python-cpu", "model.safetensors"));
        reference.EvaluateRequests.Should().Contain(r => r.Path == ownFile && r.Device == Device.Cpu);
    }

    [Fact]
    public async Task A_port_whose_file_the_reference_runs_differently_is_blamed_when_both_reproduce_their_own_files()
    {
        // The port's trained model and its own file agree (95), but its file means something else to the reference (93):
        // the port computes other than what it saves (e.g. a swapped activation), so the reference is not to blame.
        var reference = new ScriptedOracle(Reference, Trains)
        {
            Evaluate = request => ScriptedOracle.Evaluation(request.Path.Contains($"{Port.Id}-cpu") ? [93, 93, 93, 93, 93] : [95, 95, 95, 95, 95]),
        };
        var port = new ScriptedOracle(Port, Trains);

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        Cell(report, "cross-load", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", source: Port.Id).Reason.Should()
            .Contain("blame: port-csharp (the reference reference-python runs its safetensors file differently from its trained model; both bindings reproduce their own files)");
        Cell(report, "own", ModelZoo.LeNet1, Port.Id, Device.Cpu, format: "safetensors").Outcome.Should().Be(CellOutcome.Passed);
    }

    [Fact]
    public async Task A_source_that_cannot_evaluate_its_own_file_fails_one_cell_and_the_other_sources_still_cross_load()
    {
        var reference = new ScriptedOracle(Reference, Trains) { Evaluate = _ => throw new OracleException("truncated file") };
        var port = new ScriptedOracle(Port, Trains);

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        Cell(report, "own", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors").Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Failed && c.Reason!.StartsWith("reference-python cannot evaluate its own safetensors file") && c.Reason.Contains(": truncated file; reproduce: "));
        report.Cells.Where(c => c.Key.Source == Reference.Id).Should().OnlyContain(c => c.Outcome == CellOutcome.Failed
            && c.Reason!.StartsWith("reference-python has no trained predictions to compare with: reference-python cannot evaluate its own"));
        Cell(report, "cross-load", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", source: Port.Id).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Failed && c.Reason!.StartsWith("reference-python failed to load or run") && c.Reason.Contains(": truncated file; blame: reference-python"));
        Cell(report, "cross-load", ModelZoo.LeNet1, Port.Id, Device.Cpu, format: "safetensors", source: Port.Id).Outcome.Should().Be(CellOutcome.Passed);
    }

    [Fact]
    public async Task Safetensors_weights_in_another_framework_must_keep_their_logits_within_the_tolerance()
    {
        var reference = new ScriptedOracle(Reference, Trains) { Evaluate = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95], logit: 0.5f) };
        var foreign = new ScriptedOracle(Foreign, LoadsSafetensorsOnly) { Evaluate = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95], logit: 0.5f + 1e-3f) };

        var report = await RunAsync([reference, foreign], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        var transfer = Cell(report, "weight-transfer", ModelZoo.LeNet1, Foreign.Id, Device.Cpu, format: "safetensors", source: Reference.Id);
        transfer.Outcome.Should().Be(CellOutcome.Failed, "equal correct counts do not excuse logits that moved");
        transfer.Reason.Should().StartWith("logits: max |logit difference| from reference-python's evaluation of its own file, worst on pass 1 of 1 (value 0.001, bound ≤ 0.0001)");
        transfer.Kind.Name.Should().Be("weight-transfer", "safetensors weights moved across frameworks");
        foreign.EvaluateRequests.Should().OnlyContain(r => r.Format == ModelFormat.Safetensors, "a binding is only asked to load formats it declares");
        Cell(report, "cross-load", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", source: Reference.Id).Outcome
            .Should().Be(CellOutcome.Passed, "the reference reproduces its own logits");
    }

    [Fact]
    public async Task NaN_logits_after_a_weight_transfer_fail_that_cell_and_the_report_stays_valid_json()
    {
        var reference = new ScriptedOracle(Reference, Trains);
        var foreign = new ScriptedOracle(Foreign, LoadsSafetensorsOnly) { Evaluate = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95], logit: float.NaN) };

        var report = await RunAsync([reference, foreign], [Model(ModelZoo.LeNet1), Model(ModelZoo.LeNet5)], [Device.Cpu]);

        foreach (var model in new[] { ModelZoo.LeNet1, ModelZoo.LeNet5 })
        {
            var transfer = Cell(report, "weight-transfer", model, Foreign.Id, Device.Cpu, format: "safetensors", source: Reference.Id);
            transfer.Outcome.Should().Be(CellOutcome.Failed);
            transfer.Reason.Should().StartWith("logits: max |logit difference| from reference-python's evaluation of its own file, worst on pass 1 of 1; " +
                                              "non-finite logits (NaN or infinity) in the binding's passes are never equal (value Infinity, bound ≤ 0.0001)",
                "NaN logits count as infinitely far");
            transfer.Metrics["max_abs_logit_difference"].Should().BeNull("JSON has no infinity");
        }
        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Should().HaveCount(report.Cells.Count);
    }

    [Fact]
    public async Task A_training_curve_far_from_the_references_fails_naming_the_DTW_value_and_bound()
    {
        var reference = new ScriptedOracle(Reference, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.30, 0.60, 0.90], 0.95) };
        var port = new ScriptedOracle(Port, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.10, 0.10, 0.10], 0.95) };

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        var training = Cell(report, "training", ModelZoo.LeNet1, Port.Id, Device.Cpu);
        var dtw = training.Metrics["dtw_max_normalized"]!.GetValue<double>();
        dtw.Should().BeGreaterThan(VerdictRules.Default.DtwBound);
        training.Outcome.Should().Be(CellOutcome.Failed);
        training.Metrics["trajectory_rule"]!.GetValue<string>().Should().Be("statistical");
        training.Reason.Should().Be(
            "dtw: training-accuracy curves against reference-python's: max over 1 seed pairs of DTW / epochs, worst pair 1 (value 0.5, bound ≤ 0.02); " +
            "reproduce: conformance run --models LeNet1 --bindings reference-python,port-csharp --devices cpu --seeds 1");
        Cell(report, "training", ModelZoo.LeNet1, Reference.Id, Device.Cpu).Outcome.Should().Be(CellOutcome.Passed, "the reference is not compared with itself");
    }

    [Fact]
    public async Task Training_results_the_statistics_cannot_judge_fail_that_cell_and_the_model_is_still_cross_loaded()
    {
        var reference = new ScriptedOracle(Reference, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.3, 0.6, 0.9], 0.95) };
        // A binding whose training diverged and reported NaN accuracies.
        var diverged = new ScriptedOracle(Port, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.3, double.NaN, double.NaN], 0.95) };

        var report = await RunAsync([reference, diverged], [Model(ModelZoo.LeNet1), Model(ModelZoo.LeNet5)], [Device.Cpu]);

        foreach (var model in new[] { ModelZoo.LeNet1, ModelZoo.LeNet5 })
        {
            Cell(report, "training", model, Port.Id, Device.Cpu).Should().Match<CellResult>(c => c.Outcome == CellOutcome.Failed
                && c.Reason!.StartsWith("comparable: training results cannot be judged against reference-python's: ") && c.Reason.Contains("value #1 is NaN"));
            Cell(report, "cross-load", model, Reference.Id, Device.Cpu, format: "safetensors", source: Port.Id).Outcome.Should().Be(CellOutcome.Passed);
        }
    }

    [Fact]
    public async Task Final_accuracies_that_differ_across_seeds_fail_naming_the_Mann_Whitney_statistic_p_value_and_alpha()
    {
        var referenceFinals = new Dictionary<int, double> { [1] = 0.970, [2] = 0.971, [3] = 0.972, [4] = 0.973 };
        var portFinals = new Dictionary<int, double> { [1] = 0.920, [2] = 0.921, [3] = 0.922, [4] = 0.923 };
        var reference = new ScriptedOracle(Reference, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.3, 0.6, 0.9], referenceFinals[r.Seed]) };
        var port = new ScriptedOracle(Port, Trains) { Train = r => ScriptedOracle.WithCurve(r, [0.3, 0.6, 0.9], portFinals[r.Seed]) };

        var report = await RunAsync([reference, port], [Model(ModelZoo.LeNet1, seeds: [1, 2, 3, 4])], [Device.Cpu]);

        var training = Cell(report, "training", ModelZoo.LeNet1, Port.Id, Device.Cpu);
        training.Outcome.Should().Be(CellOutcome.Failed, "every seed clears the 0.90 minimum, but the port is consistently worse");
        // scipy.stats.mannwhitneyu([0.970, 0.971, 0.972, 0.973], [0.920, 0.921, 0.922, 0.923], alternative='two-sided',
        // method='exact') → statistic=16.0, pvalue=0.02857142857142857 (scipy 1.10).
        training.Reason.Should().StartWith("mann-whitney: final accuracies against reference-python's: two-sided Mann-Whitney U = 0, n = 4+4, Cliff's delta -1 (value 0.02857, bound > 0.05 (α 0.05 / family of 1))",
            "U is the port's statistic (scipy's first sample); the port is the framework's one non-default binding in this design");
        training.Metrics["mwu_p"]!.GetValue<double>().Should().BeApproximately(0.02857142857142857, 1e-12);
        training.Metrics["seeds"]!.GetValue<int>().Should().Be(4);
        port.TrainRequests.Select(r => r.Seed).Should().Equal([1, 2, 3, 4, 1], "the first seed is trained again as the determinism probe");
        port.TrainRequests.Skip(1).Should().OnlyContain(r => r.Exports.Count == 0, "only the first seed's model is saved for cross-loading");
    }

    [Fact]
    public async Task Each_alternate_backend_gets_a_backend_cell_judged_against_the_default_backend_on_the_own_file()
    {
        var withBackends = new ScriptedOracle(Reference, Trains with { AlternateBackends = ["simd", "drifting", "broken"] })
        {
            Evaluate = request => request.Backend switch
            {
                "drifting" => ScriptedOracle.Evaluation([95, 94, 95, 95, 95], logit: 0.5f + 1e-3f),
                "broken" => throw new OracleException("backend 'broken' failed to initialise"),
                _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95]),
            },
        };

        var report = await RunAsync([withBackends], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        var ownFile = withBackends.EvaluateRequests.First().Path;
        withBackends.EvaluateRequests.Where(r => r.Backend is not null)
            .Should().OnlyContain(r => r.Path == ownFile && r.Format == ModelFormat.Safetensors, "backends run the file the binding evaluates as its own")
            .And.Subject.Select(r => r.Backend).Should().Equal("simd", "drifting", "broken");
        Cell(report, "backend", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", backend: "simd").Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Passed && c.Metrics["max_abs_logit_difference"]!.GetValue<double>() == 0);
        Cell(report, "backend", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", backend: "drifting").Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Failed && c.Reason!.Contains("pass 2: 94") && c.Reason.Contains("max |logit difference|"));
        Cell(report, "backend", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "safetensors", backend: "broken").Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Failed && c.Reason!.StartsWith($"reference-python failed to load or run {ownFile} on its broken backend: backend 'broken' failed to initialise; reproduce: "));
        Cell(report, "cross-load", ModelZoo.LeNet1, Reference.Id, Device.Cpu, format: "torchsharp", source: Reference.Id).Outcome
            .Should().Be(CellOutcome.Passed, "a failing backend does not stop the cross-load cells");
    }

    [Fact]
    public async Task Training_times_are_compared_with_the_framework_default_and_corrected_over_the_framework_family()
    {
        // Seeds 1..5 train in base + (seed - 1) seconds: the reference in 10..14 s, one port in 1..5 s, another in 10.5..14.5 s.
        // The reference and the first port drive one engine release (reported as 1.13.0a0 and 1.13.0), the second another.
        static ScriptedOracle Timed(BindingDescriptor binding, double baseSeconds, BindingEngine engine) =>
            new(binding, Trains, BindingAvailability.Present(binding, "1.0-scripted", [Device.Cpu]) with { Engine = engine })
            {
                Train = request => ScriptedOracle.Learned(request, 0.95) with { TrainingSeconds = baseSeconds + request.Seed - 1 },
            };
        var secondPort = new BindingDescriptor("port-rust", "pytorch", "rust", IsDefault: false);
        var (engine113, engine113Port, engine210) = (new BindingEngine("libtorch", "1.13.0a0"), new BindingEngine("libtorch", "1.13.0"), new BindingEngine("libtorch", "2.10.0.0"));

        var report = await RunAsync([Timed(Reference, 10, engine113), Timed(Port, 1, engine113Port), Timed(secondPort, 10.5, engine210), new ScriptedOracle(Foreign, Trains)],
            [Model(ModelZoo.LeNet1, seeds: [1, 2, 3, 4, 5])], [Device.Cpu]);

        // Expected values from scipy 1.10.1: mannwhitneyu([10,11,12,13,14], [1,2,3,4,5]) -> U=25, p=0.007936507936507936;
        // mannwhitneyu([10,11,12,13,14], [10.5,11.5,12.5,13.5,14.5]) -> U=10, p=0.6904761904761905. Bonferroni over the
        // two PyTorch ports: p·2 capped at 1. Cliff's delta by hand: 25 of 25 pairs favour the reference -> 1; 10 of 25 -> -0.2.
        var fast = Cell(report, "training-time", ModelZoo.LeNet1, Port.Id, Device.Cpu);
        fast.Outcome.Should().Be(CellOutcome.Passed, "a time difference is a finding, not a conformance failure");
        Metric(fast, "mwu_u").Should().Be(25);
        Metric(fast, "mwu_p").Should().BeApproximately(0.007936507936507936, 1e-12);
        Metric(fast, "mwu_p_bonferroni").Should().BeApproximately(0.015873015873015872, 1e-12);
        Metric(fast, "speedup_median").Should().Be(4, "median 12 s against median 3 s");
        Metric(fast, "cliffs_delta").Should().Be(1);
        fast.Metrics["cliffs_delta_magnitude"]!.GetValue<string>().Should().Be("large");
        fast.Metrics["significant"]!.GetValue<bool>().Should().BeTrue();
        fast.Metrics["family_size"]!.GetValue<int>().Should().Be(2);
        fast.Engines.Should().Be(new EnginePairing(engine113Port, engine113));
        fast.Engines!.Shared.Should().BeTrue("one engine release: the difference is the binding's overhead");

        var alike = Cell(report, "training-time", ModelZoo.LeNet1, secondPort.Id, Device.Cpu);
        Metric(alike, "mwu_u").Should().Be(10);
        Metric(alike, "mwu_p").Should().BeApproximately(0.6904761904761905, 1e-12);
        Metric(alike, "mwu_p_bonferroni").Should().Be(1);
        Metric(alike, "cliffs_delta").Should().BeApproximately(-0.2, 1e-12);
        alike.Metrics["cliffs_delta_magnitude"]!.GetValue<string>().Should().Be("small");
        alike.Metrics["significant"]!.GetValue<bool>().Should().BeFalse();
        alike.Engines.Should().Be(new EnginePairing(engine210, engine113));
        alike.Engines!.Shared.Should().BeFalse("another engine release: the difference is binding and engine");

        // TensorFlow's bindings are timed against TensorFlow's default only, and this design has none.
        Cell(report, "training-time", ModelZoo.LeNet1, Foreign.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "the design has no default tensorflow binding to compare training times with");
        report.Cells.Should().NotContain(c => c.Kind.Name == "training-time" && c.Key.Binding == Reference.Id, "the default is what the others are timed against");
    }

    [Fact]
    public async Task Time_cost_cells_say_why_they_cannot_compare_with_one_seed_or_without_the_default_binding()
    {
        var tensorflowDefault = new BindingDescriptor("tf-python", "tensorflow", "python", IsDefault: true);
        var absentDefault = new ScriptedOracle(tensorflowDefault, Trains, BindingAvailability.Absent(tensorflowDefault, "No module named 'tensorflow'", null));

        var report = await RunAsync([new ScriptedOracle(Reference, Trains), new ScriptedOracle(Port, Trains), absentDefault, new ScriptedOracle(Foreign, Trains)],
            [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        Cell(report, "training-time", ModelZoo.LeNet1, Port.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason ==
            "a rank test needs at least 2 seeds per binding, this run has 1 (port-csharp) and 1 (reference-python); run with --seeds 5 as the study did");
        Cell(report, "training-time", ModelZoo.LeNet1, Foreign.Id, Device.Cpu).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason ==
            "tf-python, the default tensorflow binding, has no training times on cpu to compare with: tf-python not available: No module named 'tensorflow'");
    }

    [Fact]
    public async Task Inference_times_of_each_bindings_own_file_are_compared_with_the_framework_default()
    {
        // Five timed passes of 0.10..0.14 s in the reference, 0.01..0.05 s in the port.
        static ScriptedOracle Timed(BindingDescriptor binding, double firstPass) => new(binding, Trains)
        {
            Evaluate = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95]) with { PassSeconds = [.. Enumerable.Range(0, 5).Select(i => firstPass + i / 100.0)] },
        };

        var report = await RunAsync([Timed(Reference, 0.10), Timed(Port, 0.01), new ScriptedOracle(Foreign, Trains)], [Model(ModelZoo.LeNet1)], [Device.Cpu]);

        // scipy 1.10.1: mannwhitneyu([0.10,0.11,0.12,0.13,0.14], [0.01,0.02,0.03,0.04,0.05]) -> U=25, p=0.007936507936507936.
        var inference = Cell(report, "inference-time", ModelZoo.LeNet1, Port.Id, Device.Cpu);
        inference.Outcome.Should().Be(CellOutcome.Passed);
        inference.Metrics["samples"]!.GetValue<int>().Should().Be(5, "one sample per timed pass");
        Metric(inference, "mwu_p").Should().BeApproximately(0.007936507936507936, 1e-12);
        Metric(inference, "speedup_median").Should().BeApproximately(0.12 / 0.03, 1e-12);
        inference.Engines.Should().Be(new EnginePairing(null, null));
        inference.Engines!.Shared.Should().BeNull("neither binding names its engine");
        Cell(report, "inference-time", ModelZoo.LeNet1, Foreign.Id, Device.Cpu).Reason
            .Should().Be("the design has no default tensorflow binding to compare inference times with");
        Cell(report, "training-time", ModelZoo.LeNet1, Port.Id, Device.Cpu).Reason
            .Should().StartWith("a rank test needs at least 2 seeds per binding", "one seed gives one training time, but five inference times");
    }

    [Fact]
    public async Task A_seed_limit_trains_that_binding_on_the_first_seeds_only_and_its_cells_say_how_many()
    {
        var reference = new ScriptedOracle(Reference, Trains);
        var limited = new ScriptedOracle(Port, Trains);
        var model = Model(ModelZoo.LeNet1, seeds: [1, 2, 3, 4, 5]) with { SeedLimits = new Dictionary<string, int> { [Port.Id] = 1 } };

        var report = await RunAsync([reference, limited], [model], [Device.Cpu]);

        reference.TrainRequests.Select(r => r.Seed).Should().Equal([1, 2, 3, 4, 5, 1], "the first seed is trained again as the determinism probe");
        limited.TrainRequests.Select(r => r.Seed).Should().Equal(1, 1);
        limited.TrainRequests[0].Exports.Should().NotBeEmpty("the first seed of a limited binding still saves its files");
        var training = Cell(report, "training", ModelZoo.LeNet1, Port.Id, Device.Cpu);
        training.Outcome.Should().Be(CellOutcome.Passed, training.Reason);
        training.Metrics["seeds"]!.GetValue<int>().Should().Be(1);
        training.Metrics.ContainsKey("mwu_p").Should().BeFalse("one run has nothing to rank");
        Cell(report, "training-time", ModelZoo.LeNet1, Port.Id, Device.Cpu).Reason
            .Should().StartWith("a rank test needs at least 2 seeds per binding, this run has 1 (port-csharp) and 5 (reference-python)");
    }

    private static double Metric(CellResult cell, string name) => cell.Metrics[name]!.GetValue<double>();

    /// <summary>A run whose report.json on disk validates against the report schema.</summary>
    private async Task<RunReport> RunAsync(IBindingOracle[] oracles, PlannedModel[] models, string[] devices)
    {
        var report = await new ConformanceRunner(new OracleRegistry(oracles), Plan(models, devices), new Progress<string>()).RunAsync(CancellationToken.None);
        ReportSchema.ShouldValidateFile(output);
        return report;
    }

    private RunPlan Plan(PlannedModel[] models, string[] devices) => new("harness", models, devices, output);

    private static PlannedModel Model(string name, int[]? seeds = null, Dictionary<string, string>? trainingSkips = null) =>
        new(ModelZoo.Get(name), Data, new TrainingSettings(Epochs: 3, BatchSize: 32), seeds ?? [1], MinimumTestAccuracy: 0.9,
            trainingSkips ?? []);

    private static CellResult Cell(RunReport report, string kind, string model, string binding, string device, string? format = null,
        string? source = null, string? backend = null) =>
        report.Cells.Should().ContainSingle(c => c.Kind.Name == kind && c.Key.Subject == model && c.Key.Binding == binding && c.Key.Device == device
                                                 && c.Key.Format == format && c.Key.Source == source && c.Key.Backend == backend,
            $"one {kind} cell for {model} {source}→{binding} {device} {format} {backend}").Subject;
}
