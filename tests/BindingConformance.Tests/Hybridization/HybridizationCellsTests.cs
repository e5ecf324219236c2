using BindingConformance.Cells;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>
/// Harness tests of the probe kinds (<see cref="HazardKind"/>, <see cref="ProbeConformanceKind"/>, <see cref="GraphTimeKind"/>,
/// <see cref="GraphTrainingTimeKind"/>) over one <see cref="CellEngine"/>, with in-memory probe bindings: which cells exist, that known
/// divergences pass once approved and a changed behaviour (a mutant) fails its cell, conformance against the capturer's
/// mode, time findings, incompatibility and crashes as one line, and the report's hybridization section.
/// </summary>
public sealed class HybridizationCellsTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);

    private readonly string output = Directory.CreateTempSubdirectory("hybridization-harness-").FullName;
    private readonly List<string> asked = [];

    public void Dispose() => Directory.Delete(output, recursive: true);

    private string Approved => Path.Combine(output, "approved");

    private ProbeScriptOracle Capturer() => Logged(new ProbeScriptOracle(Reference, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]));

    private ProbeScriptOracle PortOracle() =>
        Logged(new ProbeScriptOracle(Port, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Compiled]));

    private ProbeScriptOracle Logged(ProbeScriptOracle oracle)
    {
        var run = oracle.Run;
        oracle.Run = r =>
        {
            asked.Add($"{oracle.Binding.Id} {r.Probe.Name} {r.Mode}");
            return run(r);
        };
        return oracle;
    }

    private async Task<IReadOnlyList<CellResult>> RunAsync(params IBindingOracle[] oracles)
    {
        var plan = new RunPlan("smoke", [], [Device.Cpu], Path.Combine(output, "run"))
        {
            Probes = [HazardProbes.TensorBranch, HazardProbes.SideEffectCounter, ModelZoo.LeNet1],
            ApprovedDirectory = Approved,
            // The run's default: a family of some 30 time hypotheses (Holm) can then still find a mode slower.
            ProbeTimedPasses = 10,
        };
        var cells = new List<CellResult>();
        await foreach (var cell in new CellEngine(new OracleRegistry(oracles), plan, new Progress<string>()).RunAsync(SubjectAxis.Probe, plan.Probes, CancellationToken.None))
            cells.Add(cell);
        return cells;
    }

    /// <summary>A first run writes received snapshots and fails as new; approving them is the known behaviour.</summary>
    private async Task ApproveAsync()
    {
        var first = await RunAsync(Capturer(), PortOracle());
        first.Where(c => c.Kind == HazardKind.Instance).Should().OnlyContain(c => c.Outcome == CellOutcome.Failed && c.Reason!.Contains("no approved snapshot yet"));
        new SnapshotStore(Approved).Approve(null).Should().HaveCount(3 * (2 + 3), "3 probes × (2 graph modes of the capturer + 3 of the port)");
    }

    private static CellResult Cell(IReadOnlyList<CellResult> cells, CellKind kind, string probe, string binding, string mode) =>
        cells.Single(c => c.Kind == kind && c.Key.Subject == probe && c.Key.Binding == binding && c.Key.Mode == mode);

    [Fact]
    public async Task Every_probe_runs_in_every_mode_of_every_binding_the_capturer_first_and_each_run_once()
    {
        var cells = await RunAsync(PortOracle(), Capturer());

        cells.Select(c => (c.Kind, c.Key.Binding, c.Key.Mode)).Distinct().Should().HaveCount(2 * 3 + 4 + 3 * 3,
            "hazard, time and training-time cells for 2 + 3 graph modes, conformance for the port's 4 modes");
        asked.Should().OnlyHaveUniqueItems("a probe run is shared by every cell that needs it");
        asked.Should().HaveCount(3 * (3 + 4));
        asked.IndexOf($"{Port.Id} {HazardProbes.TensorBranch} {ExecutionMode.Traced}").Should()
            .BeGreaterThan(asked.IndexOf($"{Reference.Id} {HazardProbes.TensorBranch} {ExecutionMode.Scripted}"), "the port runs the capturer's captures");
    }

    [Fact]
    public async Task Approved_known_hazards_pass_and_controls_and_scripting_are_equal_to_eager()
    {
        await ApproveAsync();

        var cells = await RunAsync(Capturer(), PortOracle());

        cells.Where(c => c.Kind != GraphTimeKind.Instance).Should().OnlyContain(c => c.Outcome == CellOutcome.Passed);
        Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Reference.Id, ExecutionMode.Traced).Behaviour!.Behaviour.Should().Be(HazardCategory.FrozenControlFlow);
        Cell(cells, HazardKind.Instance, HazardProbes.SideEffectCounter, Port.Id, ExecutionMode.Traced).Behaviour!.Behaviour.Should().Be(HazardCategory.LostSideEffect);
        Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted).Behaviour!.Behaviour.Should().Be("equal");
        cells.Where(c => c.Key.Subject == ModelZoo.LeNet1 && c.Kind == HazardKind.Instance).Should().OnlyContain(c => c.Behaviour!.Behaviour == "equal");
        Cell(cells, ProbeConformanceKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Traced).Metrics["reference"]!.ToString()
            .Should().Be("reference-python traced", "the port's traced mode must reproduce the reference's trace, frozen branch included");
        Cell(cells, ProbeConformanceKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Compiled).Metrics["reference_mode"]!.ToString()
            .Should().Be(ExecutionMode.Scripted);
    }

    [Fact]
    public async Task A_mutant_that_replays_the_traced_branch_fails_the_scripted_cells_that_were_approved_equal()
    {
        await ApproveAsync();
        await using var mutant = MutantOracle.Around(PortOracle(), MutantCatalog.Get("traced-branch-replayed"), Path.Combine(output, "scratch"));

        var cells = await RunAsync(Capturer(), mutant);

        var hazard = Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted);
        hazard.Outcome.Should().Be(CellOutcome.Failed);
        hazard.Reason.Should().Contain("behaviour: approved equal, received frozen-control-flow").And.Contain("cases.negative: approved agrees with eager, received diverges from eager")
            .And.Contain("conformance approve --filter \"hybridization/probe=tensor-branch_binding=port-csharp_mode=scripted\"");
        Cell(cells, ProbeConformanceKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Compiled).Reason.Should()
            .StartWith("probe-outputs: max |output difference| from reference-python scripted's, worst on case negative");
        Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Traced).Outcome.Should().Be(CellOutcome.Passed, "the trace already replays its branch");
        File.Exists(new SnapshotStore(Approved).ReceivedPath(HazardCells.SnapshotSuite,
            HazardCells.SnapshotName(HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted))).Should().BeTrue("the changed behaviour is left to approve");
    }

    [Fact]
    public async Task A_divergence_that_went_away_fails_too()
    {
        await ApproveAsync();
        var fixedTrace = Capturer();
        fixedTrace.Run = r => ProbeScriptOracle.Specified(r with { Mode = ExecutionMode.Scripted });

        var cells = await RunAsync(fixedTrace, PortOracle());

        Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Reference.Id, ExecutionMode.Traced).Reason.Should()
            .Contain("behaviour: approved frozen-control-flow, received equal");
    }

    [Fact]
    public async Task A_baked_batch_mutant_fails_the_hazard_free_control_even_once_approved()
    {
        await ApproveAsync();
        await using var mutant = MutantOracle.Around(PortOracle(), MutantCatalog.Get("baked-batch"), Path.Combine(output, "scratch"));

        var cells = await RunAsync(Capturer(), mutant);

        var control = Cell(cells, HazardKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Compiled);
        control.Outcome.Should().Be(CellOutcome.Failed);
        control.Reason.Should().Contain("control-equal: a hazard-free control must compute what eager computes: none: case batch-5 shape [2, 1, 28, 28] against [5, 1, 28, 28]");
    }

    [Fact]
    public async Task A_graph_slower_than_eager_is_a_performance_regression_finding_not_a_failure()
    {
        var port = PortOracle();
        port.PassSeconds = mode => mode == ExecutionMode.Compiled ? 2e-3 : 1e-3;

        var cells = await RunAsync(Capturer(), port);

        var time = Cell(cells, GraphTimeKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Compiled);
        time.Outcome.Should().Be(CellOutcome.Passed);
        time.Reason.Should().StartWith("finding: performance-regression: slower: 2× eager's median time");
        time.Speed!.Verdict.Should().Be("slower");
        Cell(cells, GraphTimeKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Traced).Speed!.Verdict.Should().Be("same");
    }

    [Fact]
    public async Task A_graph_training_step_slower_than_eagers_is_a_performance_regression_finding_on_the_controls_only()
    {
        var port = PortOracle();
        port.TrainingPassSeconds = mode => mode == ExecutionMode.Scripted ? 1.5e-3 : 1e-3;
        var capturer = Capturer();

        var cells = await RunAsync(capturer, port);

        var training = Cell(cells, GraphTrainingTimeKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Scripted);
        training.Outcome.Should().Be(CellOutcome.Passed);
        training.Reason.Should().StartWith("finding: performance-regression: slower: 1.5× eager's median time");
        training.Speed!.Verdict.Should().Be("slower");
        Cell(cells, GraphTimeKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Scripted).Speed!.Verdict.Should().Be("same", "inference is as fast");
        Cell(cells, GraphTrainingTimeKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Traced).Speed!.Verdict.Should().Be("same");
        cells.Where(c => c.Kind == GraphTrainingTimeKind.Instance).Should().OnlyContain(c => c.Key.Subject == ModelZoo.LeNet1, "a hazard probe has nothing to train");
        capturer.Requests.Concat(port.Requests).Should().OnlyContain(r => r.TrainingPasses == (r.Probe.Name == ModelZoo.LeNet1 ? 10 : 0));
        var findings = HybridizationSummary.Of(cells).Findings().Single(f => f["binding"]!.ToString() == Port.Id && f["mode"]!.ToString() == ExecutionMode.Scripted);
        findings["slower"]!.AsArray().Select(n => n!.ToString()).Should().Equal("LeNet1 (training)");
    }

    [Fact]
    public async Task A_control_the_plan_does_not_train_has_no_training_passes_and_its_cell_says_so()
    {
        var port = PortOracle();
        var plan = new RunPlan("smoke", [], [Device.Cpu], Path.Combine(output, "run")) { Probes = [ModelZoo.Gru], ApprovedDirectory = Approved };
        var engine = new CellEngine(new OracleRegistry([Capturer(), port]), plan, new Progress<string>());
        var key = new CellKey(GraphTrainingTimeKind.Instance, ModelZoo.Gru, Port.Id, Device.Cpu) { Mode = ExecutionMode.Traced };

        var cell = await key.Kind.Executor.RunCellAsync(new CellRequest(key), engine, CancellationToken.None);

        cell.Outcome.Should().Be(CellOutcome.Skipped);
        cell.Reason.Should().Be("GRU's training step is not timed: the plan times the controls LeNet1, LeNet5");
        port.Requests.Should().BeEmpty("nothing runs for a cell that is not measured");
    }

    [Fact]
    public async Task A_mode_that_cannot_train_skips_its_training_time_cell_with_the_bindings_reason()
    {
        var port = PortOracle();
        port.Untrainable = mode => mode == ExecutionMode.Traced ? "a loaded trace has no parameters here" : null;

        var cells = await RunAsync(Capturer(), port);

        Cell(cells, GraphTrainingTimeKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Traced).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason == "port-csharp traced cannot train the probe: a loaded trace has no parameters here");
        Cell(cells, GraphTimeKind.Instance, ModelZoo.LeNet1, Port.Id, ExecutionMode.Traced).Outcome.Should().Be(CellOutcome.Passed, "it still runs inference");
    }

    [Fact]
    public async Task A_mode_that_cannot_capture_is_incompatible_and_a_crashing_binding_fails_its_cells_in_one_line()
    {
        var port = PortOracle();
        port.Run = r => r.Mode == ExecutionMode.Scripted ? ProbeRunResult.CannotCapture("torch.jit.frontend.NotSupportedError: comprehension ifs are not supported")
            : r.Mode == ExecutionMode.Compiled ? throw new OracleException("the worker exited with code 139")
            : ProbeScriptOracle.Specified(r);

        var cells = await RunAsync(Capturer(), port);

        var scripted = Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted);
        scripted.Behaviour!.Behaviour.Should().Be(HazardCategory.ExecutionModeIncompatibility);
        scripted.Metrics["incompatible"]!.ToString().Should().Contain("comprehension ifs");
        Cell(cells, ProbeConformanceKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("port-csharp scripted cannot run the probe (torch.jit.frontend.NotSupportedError"));
        var crashed = Cell(cells, HazardKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Compiled);
        crashed.Should().Match<CellResult>(c => c.Outcome == CellOutcome.Failed && c.Reason == "port-csharp failed to run the probe in compiled mode: the worker exited with code 139");
        Cell(cells, GraphTimeKind.Instance, HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted).Should().Match<CellResult>(c =>
            c.Outcome == CellOutcome.Skipped && c.Reason!.StartsWith("port-csharp scripted cannot run the probe: torch.jit.frontend"));
    }

    [Fact]
    public async Task A_probe_the_binding_cannot_build_eagerly_skips_its_cells_with_the_bindings_reason()
    {
        var port = PortOracle();
        port.Run = r => r.Probe.Name == ModelZoo.LeNet1 ? ProbeRunResult.CannotCapture("port-csharp has no LeNet1") : ProbeScriptOracle.Specified(r);

        var cells = await RunAsync(Capturer(), port);

        cells.Where(c => c.Key.Binding == Port.Id && c.Key.Subject == ModelZoo.LeNet1 && c.Kind != ProbeConformanceKind.Instance).Should().HaveCount(9, "hazard, time and training-time cells of 3 graph modes")
            .And.OnlyContain(c => c.Outcome == CellOutcome.Skipped && c.Reason!.Contains("port-csharp has no LeNet1"));
    }

    [Fact]
    public async Task An_absent_binding_and_a_binding_without_its_capturer_are_skipped_with_the_reason()
    {
        var absent = new ProbeScriptOracle(Reference, [ExecutionMode.Eager, ExecutionMode.Traced], BindingAvailability.Absent(Reference, "python3 not found", null));

        var cells = await RunAsync(absent, PortOracle());

        // Every cell each binding would have is there, skipped with its reason: none is silently left out.
        cells.Where(c => c.Key.Binding == Reference.Id).Should().HaveCount(3 + 3 + 1, "hazard and time cells of one graph mode × 3 probes, training time of LeNet1")
            .And.OnlyContain(c => c.Outcome == CellOutcome.Skipped && c.Reason == "reference-python not available: python3 not found");
        cells.Where(c => c.Key.Binding == Port.Id).Should().HaveCount(9 + 6 + 9 + 3, "3 graph modes × 3 probes of hazard and time cells, 2 modes with a counterpart, LeNet1's training time")
            .And.OnlyContain(c => c.Outcome == CellOutcome.Skipped
                                  && c.Reason == "port-csharp runs reference-python's captures, which cannot be made here: reference-python not available: python3 not found");
    }

    [Fact]
    public async Task The_report_has_a_hybridization_section_and_a_findings_table()
    {
        await ApproveAsync();
        var cells = await RunAsync(Capturer(), PortOracle());
        var report = new RunReport("smoke", DateTimeOffset.UnixEpoch, 1, [], [], cells);

        var markdown = new MarkdownReportExporter().Export(report);

        markdown.Should().Contain("## Hybridization").And.Contain("| tensor-branch | port-csharp | cpu | traced | frozen-control-flow | yes | 1.00× (same) |")
            .And.Contain("| port-csharp | traced | side-effect-counter | tensor-branch | - | - |")
            .And.Contain("| LeNet1 | port-csharp | cpu | traced | equal | yes | 1.00× (same) | 1.00× (same) |", "a control's training step is timed too");
        new JsonReportExporter().Export(report).Should().Contain("\"silently_wrong\"");
        ReportSchema.ShouldValidate(new JsonReportExporter().Export(report));
    }
}
