using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Repro;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Hybridization;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// Execution-mode repro bundles with in-memory probe bindings: a failed hybridization or conformance cell gets a bundle
/// whose <c>conformance compare --probe</c> line prints the cell's verdict again (exit 1), and passes without the mutant.
/// </summary>
public sealed class ProbeBundleTests : IDisposable
{
    private const string Mutant = "traced-branch-replayed";
    private static readonly BindingDescriptor Reference = CompareCommandTests.Reference;
    private static readonly BindingDescriptor Port = CompareCommandTests.Port;

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Output => Path.Combine(folder.Path, "run");

    private static ProbeScriptOracle Capturer() => new(Reference, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]);

    private static ProbeScriptOracle PortOracle() => new(Port, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]);

    private RunPlan Plan() => new("smoke", [], [Device.Cpu], Output)
    {
        Probes = [HazardProbes.TensorBranch],
        ApprovedDirectory = Path.Combine(folder.Path, "approved"),
    };

    /// <summary>A clean run's behaviour approved, then a run with the port's scripted mode replaying the capture's branch.</summary>
    private async Task<(List<CellResult> Cells, CellEngine Engine)> FailingRunAsync()
    {
        await ProbeCellsAsync(new CellEngine(new OracleRegistry([Capturer(), PortOracle()]), Plan(), new Progress<string>()));
        new SnapshotStore(Plan().ApprovedDirectory!).Approve(null);
        var mutated = MutantOracle.Around(PortOracle(), MutantCatalog.Get(Mutant), Path.Combine(folder.Path, "scratch"));
        var engine = new CellEngine(new OracleRegistry([Capturer(), mutated]), Plan(), new Progress<string>());
        return (await ProbeCellsAsync(engine), engine);
    }

    private static async Task<List<CellResult>> ProbeCellsAsync(CellEngine engine)
    {
        var cells = new List<CellResult>();
        await foreach (var cell in engine.RunAsync(SubjectAxis.Probe, engine.Plan.Probes, default)) cells.Add(cell);
        return cells;
    }

    [Theory]
    [InlineData("hybridization")]
    [InlineData("hybridization-conformance")]
    public async Task A_failed_execution_mode_cell_gets_a_bundle_whose_compare_line_fails_as_the_cell_did_and_passes_without_the_mutant(string kind)
    {
        var (cells, engine) = await FailingRunAsync();
        var cell = cells.Single(c => c.Kind.Name == kind && c.Key.Binding == Port.Id && c.Key.Mode == ExecutionMode.Scripted);
        cell.Outcome.Should().Be(CellOutcome.Failed, "the mutant freezes the scripted branch");

        cell = await new RunBundles(engine).WriteAsync(cell, default);

        cell.FirstDivergence.Should().Be("case negative");
        var bundle = Path.Combine(Output, cell.Repro.Bundle!);
        var verdict = File.ReadAllText(Path.Combine(bundle, ReproBundle.VerdictFile)).TrimEnd('\n');
        verdict.Should().StartWith($"FAIL {cell.Name}: ").And.NotContain(folder.Path, "the line names the bundle's own approved folder, not the run's");
        SafetensorsReader.Read(Path.Combine(bundle, ProbeBundleWriter.CasesFile)).Tensors.Select(t => t.Name).Should().Equal("positive", "negative");
        var actual = SafetensorsReader.Read(Path.Combine(bundle, ReproBundle.ActualFile)).Tensors.Single(t => t.Name == "negative").ToFloats();
        var expected = SafetensorsReader.Read(Path.Combine(bundle, ReproBundle.ExpectedFile)).Tensors.Single(t => t.Name == "negative").ToFloats();
        actual.Should().NotEqual(expected, "the replayed branch is the fault the bundle shows");
        File.ReadAllText(Path.Combine(bundle, ReproBundle.IssueFile)).Should().Contain(verdict);
        if (kind == HazardKind.Instance.Name)
            Directory.GetFiles(Path.Combine(bundle, ProbeBundleWriter.ApprovedFolder), "*", SearchOption.AllDirectories).Select(Path.GetFileName)
                .Should().BeEquivalentTo("probe=tensor-branch_binding=port-csharp_mode=scripted.approved.json", "probe=tensor-branch_binding=port-csharp_mode=scripted.received.json");

        // reproduce runs the bundle's case as data; it names the approved folder relative to the working folder (tests share the process's).
        var approvedFolder = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(bundle, ProbeBundleWriter.ApprovedFolder));
        var (faulty, faultyOut, faultyErr) = await Compare(["reproduce", bundle]);
        faulty.Should().Be(1, faultyErr);
        faultyOut.Split('\n')[0].Should().StartWith($"reproducing {cell.Name} (probe bundle, {bundle})");
        faultyOut.Split('\n')[1].Replace(approvedFolder, ProbeBundleWriter.ApprovedFolder).Should().Be(verdict);
        // The same case without the simulated bug: the fault is gone.
        var c = ReadCase(bundle);
        string[] line = ["compare", "--probe", c.Probe, "--mode", c.Mode, "--bindings", c.Bindings, "--device", c.Device,
            .. kind == HazardKind.Instance.Name ? ["--approved", Path.Combine(bundle, ProbeBundleWriter.ApprovedFolder)] : Array.Empty<string>()];
        var (clean, cleanOut, cleanErr) = await Compare(line);
        clean.Should().Be(0, cleanErr + cleanOut);
        cleanOut.Should().StartWith($"PASS {cell.Name}");
    }

    [Fact]
    public async Task A_run_links_every_failed_execution_mode_cell_to_its_bundle_and_repro_refuses_them_in_one_line()
    {
        await ProbeCellsAsync(new CellEngine(new OracleRegistry([Capturer(), PortOracle()]), Plan(), new Progress<string>()));
        new SnapshotStore(Plan().ApprovedDirectory!).Approve(null);
        await using var mutated = MutantOracle.Around(PortOracle(), MutantCatalog.Get(Mutant), Path.Combine(folder.Path, "scratch"));

        var report = await new ConformanceRunner(new OracleRegistry([Capturer(), mutated]), Plan(), new Progress<string>()).RunAsync(default);

        ReportSchema.ShouldValidateFile(Output);
        var failed = report.Cells.Where(c => c.Outcome == CellOutcome.Failed).ToArray();
        failed.Select(c => c.Kind).Should().BeEquivalentTo(new CellKind[] { HazardKind.Instance, ProbeConformanceKind.Instance }, "the port's scripted mode replays the branch");
        failed.Should().OnlyContain(c => c.Repro.Bundle != null && File.Exists(Path.Combine(Output, c.Repro.Bundle, ReproBundle.ScriptFile)));
        RunReportReader.Read(Path.Combine(Output, "report.json")).Cells.Where(c => c.Outcome == CellOutcome.Failed)
            .Should().OnlyContain(c => c.Repro.Bundle != null, "the saved report links the bundles");

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new ReproCommand(() => new OracleRegistry([Capturer(), PortOracle()]))],
            ["repro", "--in", Output, "--cell", failed[0].Name], stdout, stderr, default);
        exit.Should().Be(2);
        stderr.ToString().Should().Be($"error: {failed[0].Name}: an execution-mode cell's bundle is written by the run that judged it; " +
                                      "conformance reproduce re-runs it from its folder (docs/repro.md)\n");
    }

    [Fact]
    public async Task A_release_held_to_its_bindings_approval_carries_that_approval_under_its_own_name_and_reproduces_with_it()
    {
        var release = Port with { Id = $"{Port.Id}@0.9.0", Release = new BindingRelease(Port.Id, "0.9.0") };
        ProbeScriptOracle Release(string version) => new(Port with { Id = $"{Port.Id}@{version}", Release = new BindingRelease(Port.Id, version) },
            [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]);
        await ProbeCellsAsync(new CellEngine(new OracleRegistry([Capturer(), PortOracle()]), Plan(), new Progress<string>()));
        new SnapshotStore(Plan().ApprovedDirectory!).Approve(null);
        var mutated = MutantOracle.Around(Release("0.9.0"), MutantCatalog.Get(Mutant), Path.Combine(folder.Path, "scratch"));
        var engine = new CellEngine(new OracleRegistry([Capturer(), mutated]), Plan(), new Progress<string>());
        var cell = (await ProbeCellsAsync(engine)).Single(c => c.Kind == HazardKind.Instance && c.Key.Binding == release.Id && c.Key.Mode == ExecutionMode.Scripted);
        cell.Outcome.Should().Be(CellOutcome.Failed, "the mutant freezes the scripted branch the binding's approval does not");

        cell = await new RunBundles(engine).WriteAsync(cell, default);

        var bundle = Path.Combine(Output, cell.Repro.Bundle!);
        var own = HazardCells.SnapshotName(HazardProbes.TensorBranch, release.Id, ExecutionMode.Scripted);
        var approvedFolder = Path.Combine(bundle, ProbeBundleWriter.ApprovedFolder, HazardCells.SnapshotSuite);
        Directory.GetFiles(approvedFolder).Select(Path.GetFileName).Should().BeEquivalentTo($"{own}.approved.json", $"{own}.received.json");
        File.ReadAllText(Path.Combine(approvedFolder, $"{own}.approved.json")).Should().Be(File.ReadAllText(new SnapshotStore(Plan().ApprovedDirectory!)
            .ApprovedPath(HazardCells.SnapshotSuite, HazardCells.SnapshotName(HazardProbes.TensorBranch, Port.Id, ExecutionMode.Scripted))), "the behaviour the cell was held to");
        // compare adds the release the bundle names, as a run adds it.
        var registry = () => new OracleRegistry([Capturer(), new ReleasingOracle(PortOracle(), Release)]);
        var (faulty, faultyOut, faultyErr) = await Compare(["reproduce", bundle], registry);
        faulty.Should().Be(1, faultyErr);
        faultyOut.Split('\n')[1].Should().StartWith($"FAIL {cell.Name}: ");
        var (clean, cleanOut, cleanErr) = await Compare(["compare", "--probe", HazardProbes.TensorBranch, "--mode", ExecutionMode.Scripted, "--bindings", release.Id,
            "--device", Device.Cpu, "--approved", Path.Combine(bundle, ProbeBundleWriter.ApprovedFolder)], registry);
        clean.Should().Be(0, cleanErr + cleanOut);
        cleanOut.Should().StartWith($"PASS {cell.Name}");
    }

    [Fact]
    public async Task Compare_refuses_a_reference_that_is_not_the_capturer_and_an_unknown_probe_in_one_line()
    {
        var (wrong, _, wrongErr) = await Compare(["compare", "--probe", HazardProbes.TensorBranch, "--mode", "scripted", "--bindings", $"{Port.Id},{Port.Id}"]);
        var (unknown, _, unknownErr) = await Compare(["compare", "--probe", "no-such-probe", "--mode", "scripted", "--bindings", Port.Id]);

        wrong.Should().Be(2);
        wrongErr.Should().Be($"error: {Port.Id} scripted is compared with the capturing binding {Reference.Id}, not {Port.Id}\n");
        unknown.Should().Be(2);
        unknownErr.Should().StartWith("error: unknown probe 'no-such-probe'; known: ");
    }

    /// <summary>The probe case of the bundle's manifest (<c>case.json</c>: the cell beside the case).</summary>
    private static ProbeReproCase ReadCase(string bundle)
    {
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, ReproBundle.CaseFile)))!.AsObject();
        var c = manifest["case"]!.DeepClone().AsObject();
        c["cell"] = manifest["cell"]!.DeepClone();
        return ProbeReproCase.FromJson(c);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Compare(string[] args, Func<OracleRegistry>? registry = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        registry ??= () => new OracleRegistry([Capturer(), PortOracle()]);
        ICommand[] commands = [new CompareCommand(registry), new ReproduceCommand(registry)];
        var exit = await CommandDispatcher.RunAsync(commands, args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
