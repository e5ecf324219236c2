using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.History;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.History;

/// <summary>
/// <c>conformance diff</c> on harness runs (<see cref="HarnessRun"/>): a run against a run whose port has a simulated bug lists
/// exactly the cells the bug changes, a run against an equal run lists none, and bad input exits 2 in one line.
/// </summary>
public sealed class RunDiffTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Approved => Path.Combine(folder.Path, "approved");

    private string Out(string name) => Path.Combine(folder.Path, name);

    private async Task RunCleanAsync(string name) => await HarnessRun.RunAsync(Out(name), Approved, [HarnessRun.ReferenceBinding(), HarnessRun.PortBinding()]);

    private async Task ApprovedCleanRunAsync()
    {
        await RunCleanAsync("first");
        new SnapshotStore(Approved).Approve(null).Should().NotBeEmpty();
        await RunCleanAsync("clean");
    }

    [Fact]
    public async Task A_run_against_one_with_a_simulated_bug_lists_exactly_the_cells_the_bug_changed()
    {
        await ApprovedCleanRunAsync();
        // logits-scaled: the port's inference returns logits × 2, predictions unchanged. The port's own file is consistent with
        // itself, so what changes are the loads between the port and the reference, in both directions.
        await using var mutant = MutantOracle.Around(HarnessRun.PortBinding(), MutantCatalog.Get("logits-scaled"), Out("scratch"));
        await HarnessRun.RunAsync(Out("mutant"), Approved, [HarnessRun.ReferenceBinding(), mutant]);

        var (exit, stdout, stderr) = await DiffAsync(Out("clean"), Out("mutant"));

        exit.Should().Be(1);
        stderr.Should().BeEmpty();
        var diff = RunDiff.Between(Read("clean"), Read("mutant"));
        CellKey Load(string source, string target) => new(CrossLoadKind.Instance, ModelZoo.LeNet1, target, Device.Cpu) { Source = source, Format = "safetensors" };
        diff.Changes.Select(c => c.Key).Should().BeEquivalentTo([Load(HarnessRun.Reference.Id, HarnessRun.Port.Id), Load(HarnessRun.Port.Id, HarnessRun.Reference.Id)]);
        diff.Changes.Should().OnlyContain(c => c.Change == "changed" && c.Old!.Outcome == CellOutcome.Passed && c.New!.Outcome == CellOutcome.Failed);
        diff.Changes.Single(c => c.Key.Source == HarnessRun.Port.Id).Differences.Should().Contain($"blame none → {HarnessRun.Port.Id}");
        stdout.Should().Contain("changed  cross-load(model: LeNet1, source: reference-python, binding: port-csharp, device: cpu, format: safetensors): outcome passed → failed; rule logits held → failed")
            .And.EndWith("2 cells changed\n");
        (await DiffAsync(Out("clean"), Out("mutant"), "--verdicts-only")).Exit.Should().Be(1, "the changed cells are verdicts");
    }

    [Fact]
    public async Task A_path_into_each_runs_own_folder_is_no_change_and_verdicts_only_leaves_out_time_findings()
    {
        await ApprovedCleanRunAsync();
        var clean = Read("clean");
        var skipped = clean.Cells.First(c => c.Outcome == CellOutcome.Skipped);
        var time = clean.Cells.First(c => c.Kind.Role == CellRole.Measurement && c.Speed is not null);
        RunReport Moved(string folder, string speed) => clean with
        {
            OutputDirectory = folder,
            Cells = [.. clean.Cells.Select(c => c.Key == skipped.Key ? c with { Note = $"cannot read {folder}/probe-artifacts/cpu/GRU.safetensors" }
                : c.Key == time.Key ? c with { Speed = c.Speed! with { Verdict = speed } } : c)],
        };

        var diff = RunDiff.Between(Moved("/runs/a", SpeedFinding.Same), Moved("/runs/b", SpeedFinding.Slower));

        diff.Changes.Should().ContainSingle().Which.Differences.Should().Equal("speed same → slower");
        diff.Verdicts().Changed.Should().BeFalse("a time cell is a measurement");
    }

    [Fact]
    public async Task Two_runs_of_the_same_bindings_differ_in_no_cell_and_exit_0()
    {
        await ApprovedCleanRunAsync();
        await RunCleanAsync("again");

        var (exit, stdout, _) = await DiffAsync(Out("clean"), Path.Combine(Out("again"), "report.json"));

        exit.Should().Be(0, stdout);
        stdout.Should().Be("no cell changed\n");
    }

    [Fact]
    public async Task Cells_only_one_run_has_and_changed_binding_versions_are_listed()
    {
        await ApprovedCleanRunAsync();
        var clean = Read("clean");
        var newer = clean with
        {
            Cells = clean.Cells.Skip(1).ToArray(),
            Bindings = [.. clean.Bindings.Select(b => b["id"]!.ToString() == HarnessRun.Port.Id ? Versioned(b, "2.0-scripted") : b)],
        };

        var diff = RunDiff.Between(clean, newer);

        diff.Versions.Should().Equal($"binding {HarnessRun.Port.Id}: 1.0-layered → 2.0-scripted");
        diff.Changes.Should().ContainSingle().Which.Should().Match<CellChange>(c => c.Change == "removed" && c.Key == clean.Cells[0].Key);
    }

    [Fact]
    public async Task A_binding_whose_engine_or_engine_version_changed_is_listed()
    {
        await ApprovedCleanRunAsync();
        var clean = Read("clean");
        JsonObject WithEngine(JsonObject binding, string? version)
        {
            var copy = binding.DeepClone().AsObject();
            copy["engine"] = "libtorch";
            copy["engine_version"] = version;
            return copy;
        }
        var older = clean with { Bindings = [.. clean.Bindings.Select(b => b["id"]!.ToString() == HarnessRun.Reference.Id ? WithEngine(b, "2.5.1") : b)] };
        var newer = clean with
        {
            Bindings = [.. clean.Bindings.Select(b => b["id"]!.ToString() switch
            {
                var id when id == HarnessRun.Reference.Id => WithEngine(b, "2.10.0"),
                var id when id == HarnessRun.Port.Id => WithEngine(b, null),
                _ => b,
            })],
        };

        var diff = RunDiff.Between(older, newer);

        diff.Versions.Should().Equal(
            $"binding {HarnessRun.Reference.Id} engine: libtorch 2.5.1 → libtorch 2.10.0",
            $"binding {HarnessRun.Port.Id} engine: not given → libtorch");
        diff.Changes.Should().BeEmpty("the cells are the same");
        RunDiff.Between(newer, newer).Versions.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Anything_but_two_reports_exits_2_in_one_line(int count)
    {
        var (exit, stdout, stderr) = await DiffAsync([.. Enumerable.Repeat(Out("x"), count)]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: diff needs two reports, OLD and NEW (got {count})\n");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_or_malformed_report_exits_2_in_one_line()
    {
        await ApprovedCleanRunAsync();
        Directory.CreateDirectory(Out("broken"));
        File.WriteAllText(Path.Combine(Out("broken"), "report.json"), "{ not json");

        var (missing, _, missingError) = await DiffAsync(Out("clean"), Out("nowhere"));
        var (malformed, _, malformedError) = await DiffAsync(Out("broken"), Out("clean"));

        missing.Should().Be(2);
        missingError.Should().StartWith("error: no report at ").And.EndWith("\n").And.Subject.TrimEnd('\n').Should().NotContain("\n");
        malformed.Should().Be(2);
        malformedError.Should().StartWith("error: ").And.Contain("is not valid JSON").And.Subject.TrimEnd('\n').Should().NotContain("\n");
    }

    private RunReport Read(string name) => RunReportReader.Read(Path.Combine(Out(name), "report.json"));

    private static JsonObject Versioned(JsonObject binding, string version)
    {
        var copy = binding.DeepClone().AsObject();
        copy["version"] = version;
        return copy;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> DiffAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = await CommandDispatcher.RunAsync([new DiffCommand()], ["diff", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
