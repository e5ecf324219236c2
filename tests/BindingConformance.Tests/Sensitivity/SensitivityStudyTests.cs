using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Runs;
using BindingConformance.Sensitivity;
using FluentAssertions;
using Xunit;
using static BindingConformance.Tests.Sensitivity.ScriptedMatrix;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// <see cref="SensitivityStudy"/> with scripted bindings: one run per mutant, clean runs on shifted seeds, the untouched
/// bindings' training memoised across mutant runs only, and the rates.
/// </summary>
public sealed class SensitivityStudyTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("sensitivity-study-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task Mutant_runs_reuse_the_untouched_bindings_training_clean_runs_train_fresh_and_the_rates_count_runs_with_a_failed_cell()
    {
        var port = Trainer(Port);
        var reference = Trainer(Reference);
        var collapse = new Mutant("collapse", "accuracy collapses") { Trained = (_, r) => r with { FinalTestAccuracy = 0.1 } };
        var harmless = new Mutant("harmless", "changes nothing");
        var study = new SensitivityStudy([port, reference], Port.Id, TierPolicy.Smoke, [ModelZoo.LeNet1], [1, 2], [Device.Cpu], new Progress<string>());

        var recorded = new List<SensitivityReport>();
        var report = await study.RunAsync([collapse, harmless], cleanRuns: 2, output, CancellationToken.None, recorded.Add);

        recorded.Select(r => r.MutantRuns.Count + r.CleanRuns.Count).Should().Equal([1, 2, 3, 4], "the report so far is handed out after every run");

        report.MutantRuns.Select(r => (r.Name, r.Detected)).Should().Equal(("collapse", true), ("harmless", false));
        report.MutantRuns[0].FailedCells.Should().Contain(c => c.Name == "training(model: LeNet1, binding: port-csharp, device: cpu)");
        report.MutantRuns[0].Metrics["final_test_accuracy"]!.GetValue<double>().Should().Be(0.1);
        report.CleanRuns.Select(r => r.Seeds).Should().BeEquivalentTo(new[] { new[] { 1, 2 }, new[] { 3, 4 } }, o => o.WithStrictOrdering());
        report.CleanRuns.Should().OnlyContain(r => !r.Detected, string.Join("; ", report.CleanRuns.SelectMany(r => r.FailedCells).Select(c => c.Reason)));
        (report.DetectionRate, report.FalseAlarmRate).Should().Be((0.5, 0.0));

        // The port trains the same requests in each of the 4 runs (the engine may repeat a seed to probe determinism).
        var perRun = port.TrainRequests.Count / 4;
        port.TrainRequests.Select(r => r.Seed).Distinct().Should().Equal(1, 2, 3, 4);
        reference.TrainRequests.Should().HaveCount(3 * perRun, "the second mutant run recalls the first's training; clean runs train");
        reference.TrainRequests.Skip(2 * perRun).Select(r => r.Seed).Distinct().Should().Equal([3, 4], "the second clean run has shifted seeds");
        report.Memoized.Should().Equal(Reference.Id);
        report.MemoHits.Should().Be(perRun);
        var recalledFile = Path.Combine(output, "runs", "harmless", "models", ModelZoo.LeNet1, $"{Reference.Id}-cpu", ModelFileNames.For(ModelFormat.Safetensors));
        File.ReadAllText(recalledFile).Should().Be("reference-python seed 1", "a recalled training's files are copied where the run expects them");
        File.Exists(Path.Combine(output, "runs", "collapse", "report.json")).Should().BeTrue();
        Directory.Exists(Path.Combine(output, "memo")).Should().BeFalse("the memo is the study's scratch");
    }

    [Fact]
    public async Task A_mutant_that_cannot_show_in_the_models_is_reported_not_applicable_and_not_run()
    {
        var port = Trainer(Port);
        var adamOnly = new Mutant("adam-only", "Adam's beta2 off") { WhyNotApplicable = m => m.Optimizer.Kind == "adam" ? null : "not Adam" };
        var study = new SensitivityStudy([port, Trainer(Reference)], Port.Id, TierPolicy.Smoke, [ModelZoo.LeNet1], [1, 2], [Device.Cpu], new Progress<string>());

        var report = await study.RunAsync([adamOnly], cleanRuns: 0, output, CancellationToken.None);

        report.MutantRuns.Should().BeEmpty();
        report.NotApplicable.Should().Equal(new NotApplicableMutant("adam-only", "Adam's beta2 off", "LeNet1: not Adam"));
        port.TrainRequests.Should().BeEmpty("nothing ran");
        double.IsNaN(report.DetectionRate).Should().BeTrue("a mutant that cannot show is neither caught nor missed");
        SensitivityTable.Format(report).Should().Contain("adam-only                    not applicable: LeNet1: not Adam")
            .And.Contain("detection rate: n/a (none run) of mutants caught (1 not applicable to these models, not counted)");
        SensitivityJsonExporter.ToJson(report)["not_applicable"]![0]!["why"]!.GetValue<string>().Should().Be("LeNet1: not Adam");
    }

    [Fact]
    public void The_table_shows_each_run_its_failed_cells_and_both_rates()
    {
        var caught = new SensitivityRun("lr-drift", "lr × 1.05", [1], [new FailedCell("training(model: LeNet1, binding: port-csharp, device: cpu)", "accuracy too low", ["minimum-accuracy"], "step 3 of seed 1")],
            new() { ["final_test_accuracy"] = 0.5, ["unstable_cells"] = 0 }, "/out/runs/lr-drift", 3);
        var missed = caught with { Name = "logits-scaled", FailedCells = [] };
        var clean = caught with { Name = "clean-1", Bug = null, FailedCells = [] };
        var report = new SensitivityReport(Port.Id, [Port.Id, Reference.Id], "smoke", [ModelZoo.LeNet1], [caught, missed], [clean], [Reference.Id], 4, 9);

        var table = SensitivityTable.Format(report);

        table.Should().Contain("lr-drift                     yes           1      0.5000           -           -           -")
            .And.Contain("    caught by: minimum-accuracy")
            .And.Contain("    FAIL training(model: LeNet1, binding: port-csharp, device: cpu): accuracy too low [first diverges at step 3 of seed 1]")
            .And.Contain("logits-scaled                no            0")
            .And.Contain("detection rate: 1/2 (50 %) of mutants caught")
            .And.Contain("false-alarm rate: 0/1 (0 %) of clean runs had a failed cell")
            .And.Contain("reused the training of reference-python");
    }
}
