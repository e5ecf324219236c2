using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Repro;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Runs;
using BindingConformance.Tests.Snapshots;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>Repro bundles: their layout and draft issue, the run's hook and report links, and <c>conformance repro</c>; with in-memory layered bindings.</summary>
public sealed class ReproBundleTests : IDisposable
{
    private static readonly BindingDescriptor Reference = CompareCommandTests.Reference;
    private static readonly BindingDescriptor Port = CompareCommandTests.Port;
    private const string CrossLoad = "cross-load(model: LeNet1, source: reference-python, binding: port-csharp, device: cpu, format: safetensors)";
    private const string Bundle = "repro/cross-load-LeNet1-reference-python-port-csharp-cpu-safetensors";

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_bundle_holds_the_model_batch_outputs_table_environments_script_and_issue()
    {
        var file = Path.Combine(folder.Path, "models", "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "weights");
        var c = new ReproCase(CrossLoad, ModelZoo.LeNet1, ModelFormat.Safetensors, file, Device.Cpu, Reference.Id, Port.Id, null);
        var registry = new OracleRegistry([new LayeredOracle(Reference), new LayeredOracle(Port, "conv1", 0.25f)]);
        var bundle = Path.Combine(folder.Path, "repro", "bundle");

        var comparison = await ForwardBundles.WriteAsync(registry, c, InputBatch.FromTestSplit(CompareCommandTests.Mnist, 16), bundle, VerdictRules.Default, default);

        comparison.Passed.Should().BeFalse();
        comparison.Table.FirstDiverging.Should().Be("conv1");
        Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(bundle, f)).Should().BeEquivalentTo(
            "model/model.safetensors", "inputs.safetensors", "expected.safetensors", "actual.safetensors", "layers.txt", "layers.json",
            "environment.json", "case.json", "verdict.txt", "reproduce.sh", "ISSUE.md");
        File.ReadAllText(Path.Combine(bundle, "model", "model.safetensors")).Should().Be("weights");
        InputBatch.Read(Path.Combine(bundle, "inputs.safetensors")).Labels.Should().Equal(InputBatch.FromTestSplit(CompareCommandTests.Mnist, 16).Labels);
        SafetensorsReader.Read(Path.Combine(bundle, "actual.safetensors")).Tensors.Select(t => t.Name).Should().Equal(LayeredOracle.LayerNames);
        File.ReadAllText(Path.Combine(bundle, "verdict.txt")).Should().Be(comparison.Line(c) + "\n");
        File.ReadAllText(Path.Combine(bundle, "layers.txt")).Should().StartWith("first diverging layer: conv1 (");
        JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "environment.json")))!["bindings"]![Port.Id]!["version"]!.GetValue<string>().Should().Be("1.0-layered");
        var manifest = BundleManifest.Read(bundle);
        manifest.Should().Match<BundleManifest>(m => m.Kind == "forward" && m.Cell == CrossLoad);
        manifest.Case.ToJsonString().Should().Be(ReproBundleWriter.CaseJson(c, "model/model.safetensors").ToJsonString());
        manifest.Files.Keys.Should().Equal("inputs.safetensors", "model/model.safetensors");
        manifest.Files["model/model.safetensors"].Should().Be("9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c", "sha256sum of the text 'weights'");

        var script = File.ReadAllText(Path.Combine(bundle, "reproduce.sh"));
        script.Should().StartWith("#!/usr/bin/env bash\n").And.Contain("cd \"$(dirname \"${BASH_SOURCE[0]}\")\"")
            .And.EndWith("exec $BINDING_CONFORMANCE_CLI reproduce .\n");
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(Path.Combine(bundle, "reproduce.sh")).Should().HaveFlag(UnixFileMode.UserExecute);

        var issue = File.ReadAllText(Path.Combine(bundle, "ISSUE.md"));
        issue.Should().StartWith("# `port-csharp`: LeNet1 from a safetensors file diverges from `reference-python` at layer `conv1`\n");
        foreach (var section in new[] { "## Summary", "## Expected", "## Actual", "## First diverging layer", "## Minimal reproduction", "## Environment" })
            issue.Should().Contain(section);
        issue.Should().Contain($"Found by the conformance cell `{CrossLoad}`").And.Contain("| conv1 | [16, 4] |").And.Contain("**first diverging**")
            .And.Contain(comparison.Line(c)).And.Contain("| port-csharp | 1.0-layered (pytorch, csharp) |")
            .And.Contain("conformance compare --model LeNet1 --format safetensors --file model/model.safetensors --inputs inputs.safetensors " +
                         "--bindings reference-python,port-csharp --device cpu\n")
            .And.NotContain("Trust:", "a safetensors file is data");
    }

    [Fact]
    public async Task A_reproduce_script_without_the_cli_variable_says_what_to_set_and_exits_2()
    {
        if (OperatingSystem.IsWindows()) return;
        var file = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(file, "weights");
        var c = new ReproCase(CrossLoad, ModelZoo.LeNet1, ModelFormat.Safetensors, file, Device.Cpu, Reference.Id, Port.Id, null);
        var bundle = Path.Combine(folder.Path, "bundle");
        await ForwardBundles.WriteAsync(new OracleRegistry([new LayeredOracle(Reference), new LayeredOracle(Port)]), c,
            InputBatch.FromTestSplit(CompareCommandTests.Mnist, 4), bundle, VerdictRules.Default, default);

        var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(bundle, "reproduce.sh")]) { RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove(ReproBundle.CliVariable);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(2);
        stderr.Should().StartWith("error: set BINDING_CONFORMANCE_CLI to the conformance command line");
    }

    [Fact]
    public async Task A_run_writes_a_bundle_for_its_failing_cross_load_and_links_it_from_both_reports()
    {
        var output = Path.Combine(folder.Path, "out");
        var report = await RunWithFaultyPort(output);

        var cell = report.Cells.Single(c => c.Name == CrossLoad);
        cell.Outcome.Should().Be(CellOutcome.Failed);
        cell.Repro.Bundle.Should().Be(Bundle);
        cell.FirstDivergence.Should().Be("conv1");
        var bundle = Path.Combine(output, Bundle);
        File.ReadAllText(Path.Combine(bundle, "ISSUE.md")).Should().Contain("at layer `conv1`");
        File.ReadAllText(Path.Combine(bundle, "model", "model.safetensors")).Should().Be("reference-python weights");
        report.Cells.Where(c => c.Outcome == CellOutcome.Failed).Should().OnlyContain(c => c.Repro.Bundle != null, "every failing cell gets a bundle");

        RunReportReader.Read(Path.Combine(output, "report.json")).Cells.Single(c => c.Name == CrossLoad).Repro.Bundle.Should().Be(Bundle);
        File.ReadAllText(Path.Combine(output, "report.md")).Should().Contain($"**FAILED** ([repro]({Bundle}/ISSUE.md))");
    }

    [Fact]
    public async Task Repro_rebuilds_one_bundle_from_a_report_folder()
    {
        var output = Path.Combine(folder.Path, "out");
        await RunWithFaultyPort(output);
        var bundle = Path.Combine(output, Bundle);
        Directory.Delete(bundle, recursive: true);

        var (exit, stdout, stderr) = await Repro(output, CrossLoad);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("first diverging layer: conv1").And.Contain($"written: {bundle}");
        File.Exists(Path.Combine(bundle, "ISSUE.md")).Should().BeTrue();
    }

    [Fact]
    public async Task Repro_recognises_a_released_version_the_run_compared_where_its_binding_runs_releases()
    {
        var release = Port with { Id = $"{Port.Id}@0.9.0", Release = new BindingRelease(Port.Id, "0.9.0") };
        var output = Path.Combine(folder.Path, "out");
        var report = await RunWithFaultyPort(output, release);
        var cell = report.Cells.Single(c => c.Kind == CrossLoadKind.Instance && c.Key.Source == Reference.Id && c.Key.Binding == release.Id);
        cell.Outcome.Should().Be(CellOutcome.Failed);
        var bundle = Path.Combine(output, cell.Repro.Bundle!);
        Directory.Delete(bundle, recursive: true);

        var (refused, _, why) = await Repro(output, cell.Name);

        refused.Should().Be(2, "this registry's port-csharp runs no releases");
        why.Should().Be($"error: {cell.Name}: binding '{Port.Id}' cannot run other releases side by side ({release.Id}): " +
                        "only a binding described by a manifest with a 'releases' section can\n");

        var releasing = new ReleasingOracle(new LayeredOracle(Port), version => new LayeredOracle(Port with { Id = $"{Port.Id}@{version}" }, "conv1", 0.25f));
        var (exit, stdout, stderr) = await Repro(output, cell.Name, new OracleRegistry([new LayeredOracle(Reference), releasing]));

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("first diverging layer: conv1").And.Contain($"written: {bundle}");
        File.ReadAllText(Path.Combine(bundle, "ISSUE.md")).Should().StartWith($"# `{release.Id}`: LeNet1 from a safetensors file diverges from `{Reference.Id}` at layer `conv1`");
    }

    [Fact]
    public async Task Repro_of_an_unknown_cell_is_one_line_and_exit_2()
    {
        var output = Path.Combine(folder.Path, "out");
        await RunWithFaultyPort(output);

        var (exit, stdout, stderr) = await Repro(output, "training(model: LeNet9)");

        exit.Should().Be(2);
        stderr.Should().StartWith($"error: no cell 'training(model: LeNet9)' in {Path.Combine(output, "report.json")}; its failed cells: {CrossLoad}");
        stderr.TrimEnd('\n').Should().NotContain("\n");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Repro_with_a_corrupt_kept_batch_names_the_cell_in_one_line_and_exits_2()
    {
        var output = Path.Combine(folder.Path, "out");
        await RunWithFaultyPort(output);
        var inputs = Path.Combine(output, Bundle, ReproBundle.InputsFile);
        File.WriteAllText(inputs, "not safetensors");

        var (exit, stdout, stderr) = await Repro(output, CrossLoad);

        exit.Should().Be(2);
        stderr.Should().StartWith($"error: {CrossLoad}: ");
        stderr.TrimEnd('\n').Should().NotContain("\n");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Repro_of_a_recorded_case_with_a_field_that_is_not_text_names_the_cell_in_one_line_and_exits_2()
    {
        var output = Path.Combine(folder.Path, "out");
        await RunWithFaultyPort(output);
        var reportFile = Path.Combine(output, "report.json");
        var report = JsonNode.Parse(File.ReadAllText(reportFile))!;
        report["cells"]!.AsArray().Select(c => c!["repro"]?["forward"]).Single(r => r?["cell"]?.GetValue<string>() == CrossLoad)!["file"] = 5;
        File.WriteAllText(reportFile, report.ToJsonString());

        var (exit, stdout, stderr) = await Repro(output, CrossLoad);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {Path.Combine(output, "report.json")} is not a conformance report this release reads: repro case 'file' is number, not text\n",
            "a malformed recorded case makes the report unreadable, in one line");
        stdout.Should().BeEmpty();
    }

    /// <summary>A run in which the port (or <paramref name="port"/>) evaluates the reference's file wrongly (its own correctly) and runs it with conv1 shifted.</summary>
    internal static async Task<RunReport> RunWithFaultyPort(string output, BindingDescriptor? port = null)
    {
        var faulty = new LayeredOracle(port ?? Port, "conv1", 0.25f)
        {
            Evaluate = request => ScriptedOracle.Evaluation(request.Path.Contains(Reference.Id) ? [50, 50, 50, 50, 50] : [95, 95, 95, 95, 95]),
        };
        var data = new DatasetRef(DatasetNames.Mnist, CompareCommandTests.Mnist, 1, 128);
        var model = new PlannedModel(ModelZoo.Get(ModelZoo.LeNet1), data, new TrainingSettings(Epochs: 3, BatchSize: 32), [1], 0.9, new Dictionary<string, string>());
        var plan = new RunPlan("smoke", [model], [Device.Cpu], output);
        var report = await new ConformanceRunner(new OracleRegistry([new LayeredOracle(Reference), faulty]), plan, new Progress<string>()).RunAsync(default);
        ReportSchema.ShouldValidateFile(output);
        return report;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Repro(string output, string cell, OracleRegistry? registry = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync(
            [new ReproCommand(() => registry ?? new OracleRegistry([new LayeredOracle(Reference), new LayeredOracle(Port, "conv1", 0.25f)]))],
            ["repro", "--in", output, "--cell", cell], stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
