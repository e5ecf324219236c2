using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Tests.Cli;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Reports;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Shards;

/// <summary>
/// <c>run --shard i/n</c> and <c>merge</c> on harness runs (<see cref="HarnessRun"/>): three shards merged give the unsharded
/// run's cells, verdicts and metrics (the hybridization time families judged again over every probe), with working repro
/// bundles; a missing shard leaves the merge incomplete; bad input is refused in one line.
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Approved => Path.Combine(folder.Path, "approved");

    private string Out(string name) => Path.Combine(folder.Path, name);

    private static Oracles.IBindingOracle[] Oracles() => [HarnessRun.ReferenceBinding(), HarnessRun.PortBinding(faulty: true)];

    /// <summary>Approves the harness's hybridization behaviour, so the runs below fail only where the port is faulty.</summary>
    private async Task ApproveAsync()
    {
        await HarnessRun.RunAsync(Out("first"), Approved, Oracles());
        new SnapshotStore(Approved).Approve(null).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Three_merged_shards_give_the_cells_verdicts_and_metrics_of_the_unsharded_run()
    {
        await ApproveAsync();
        await HarnessRun.RunAsync(Out("whole"), Approved, Oracles());
        for (var i = 1; i <= 3; i++) await HarnessRun.RunAsync(Out($"shard{i}"), Approved, Oracles(), $"{i}/3");

        var (exit, stdout, stderr) = await MergeAsync(Out("shard3"), Out("shard1"), Out("shard2"), "--out", Out("merged"));

        exit.Should().Be(1, "the faulty port's cross-loads fail in the merged run as in the whole one");
        stderr.Should().BeEmpty();
        stdout.Should().Contain("merged 3 shards of 3");
        ReportSchema.ShouldValidateFile(Out("merged"));
        var whole = RunReportReader.Read(Path.Combine(Out("whole"), "report.json"));
        var merged = RunReportReader.Read(Path.Combine(Out("merged"), "report.json"));
        merged.Complete.Should().BeTrue();
        merged.Cells.Select(c => c.Key).Should().BeEquivalentTo(whole.Cells.Select(c => c.Key));
        merged.Cells.Where(c => c.Kind.Subject == SubjectAxis.Model).Select(c => c.Key).Should()
            .Equal(whole.Cells.Where(c => c.Kind.Subject == SubjectAxis.Model).Select(c => c.Key), "each model's cells come in the plan's order");
        var expected = whole.Cells.ToDictionary(c => c.Key, c => Comparable(c, Out("whole")));
        foreach (var cell in merged.Cells)
            JsonNode.DeepEquals(Comparable(cell, Out("merged")), expected[cell.Key]).Should()
                .BeTrue($"{cell.Name} must be the unsharded run's:\nmerged {Comparable(cell, Out("merged")).ToJsonString()}\nwhole  {expected[cell.Key].ToJsonString()}");

        // The shards judged their time cells over their own probes only; the merge judged them over all of them again.
        var shardTime = RunReportReader.Read(Path.Combine(Out("shard3"), "report.json")).Cells.First(c => c.Kind == GraphTimeKind.Instance && c.Speed is not null);
        var mergedTime = merged.Cells.Single(c => c.Key == shardTime.Key);
        mergedTime.Metrics["family_size"]!.GetValue<int>().Should().BeGreaterThan(shardTime.Metrics["family_size"]!.GetValue<int>());
        merged.Cells.Where(c => c.Repro.Bundle is not null).Should().NotBeEmpty()
            .And.OnlyContain(c => File.Exists(Path.Combine(Out("merged"), c.Repro.Bundle!, "ISSUE.md")), "bundles are copied with the report that links them");
        merged.Cells.Select(c => c.Repro.Forward).OfType<BindingConformance.Repro.ReproCase>().Should().OnlyContain(f => f.File.StartsWith(Out("merged")) && File.Exists(f.File));
        File.Exists(Path.Combine(Out("merged"), "report.html")).Should().BeTrue();
    }

    [Fact]
    public async Task A_missing_shard_leaves_the_merged_report_incomplete_and_says_which()
    {
        await HarnessRun.RunAsync(Out("shard1"), Approved, Oracles(), "1/3");
        await HarnessRun.RunAsync(Out("shard3"), Approved, Oracles(), "3/3");

        var (_, stdout, _) = await MergeAsync(Out("shard1"), Out("shard3"), "--out", Out("merged"));

        stdout.Should().Contain("incomplete: shard 2 missing");
        RunReportReader.Read(Path.Combine(Out("merged"), "report.json")).Complete.Should().BeFalse();
        ConformanceBadge.For(RunReportReader.Read(Path.Combine(Out("merged"), "report.json")), HarnessRun.Reference.Id).Message.Should().EndWith("(incomplete run)");
    }

    [Fact]
    public async Task A_shard_given_twice_a_run_that_is_no_shard_and_a_used_output_folder_are_refused_in_one_line()
    {
        await HarnessRun.RunAsync(Out("shard1"), Approved, Oracles(), "1/2");
        await HarnessRun.RunAsync(Out("whole"), Approved, Oracles());
        Directory.CreateDirectory(Out("used"));
        File.WriteAllText(Path.Combine(Out("used"), "keep.txt"), "mine");

        foreach (var (args, message) in new[]
                 {
                     (new[] { Out("shard1"), Out("shard1"), "--out", Out("m1") }, "shard 1/2 is given twice"),
                     (new[] { Out("shard1"), Out("whole"), "--out", Out("m2") }, "is not a shard"),
                     (new[] { Out("shard1"), "--out", Out("used") }, "is not empty"),
                     (new[] { "--out", Out("m3") }, "name the shard output folders"),
                 })
        {
            var (exit, stdout, stderr) = await MergeAsync(args);
            exit.Should().Be(2);
            stderr.Should().StartWith("error: ").And.Contain(message);
            stderr.TrimEnd('\n').Should().NotContain("\n");
        }
        File.ReadAllText(Path.Combine(Out("used"), "keep.txt")).Should().Be("mine");
    }

    [Fact]
    public async Task A_shard_holding_a_fifo_a_link_or_a_linked_folder_is_refused_in_one_line_and_nothing_outside_it_is_copied()
    {
        await HarnessRun.RunAsync(Out("shard1"), Approved, Oracles(), "1/2");
        var models = Path.Combine(Out("shard1"), "models");
        var outside = Path.Combine(folder.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "not the shard's");

        // A FIFO would block a copy that opened it: it is refused before it is read.
        SpecialFiles.MakeFifo(Path.Combine(models, "pipe"));
        await ShouldRefuseAsync("m1", "is a FIFO (named pipe)");
        File.Delete(Path.Combine(models, "pipe"));

        File.CreateSymbolicLink(Path.Combine(models, "link.txt"), Path.Combine(outside, "secret.txt"));
        await ShouldRefuseAsync("m2", "is a symbolic link");
        File.Delete(Path.Combine(models, "link.txt"));

        Directory.Move(models, Path.Combine(folder.Path, "shard1-models"));
        Directory.CreateSymbolicLink(models, outside);
        await ShouldRefuseAsync("m3", "is a symbolic link");

        async Task ShouldRefuseAsync(string output, string message)
        {
            var (exit, _, stderr) = await MergeAsync(Out("shard1"), "--out", Out(output));
            exit.Should().Be(2);
            stderr.Should().StartWith("error: ").And.Contain(message);
            stderr.TrimEnd('\n').Should().NotContain("\n");
            (Directory.Exists(Out(output)) ? Directory.EnumerateFiles(Out(output), "secret.txt", SearchOption.AllDirectories) : []).Should()
                .BeEmpty("nothing a link points at outside the shard is copied");
        }
    }

    /// <summary>A cell as the report keeps it, with the model file of its repro case relative to the run's folder.</summary>
    private static JsonObject Comparable(CellResult cell, string output)
    {
        var json = CellResultJson.Write(cell);
        if (json["repro"]?["forward"] is JsonObject forward) forward["file"] = Path.GetRelativePath(output, forward["file"]!.GetValue<string>());
        return json;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> MergeAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = await CommandDispatcher.RunAsync([new MergeCommand()], ["merge", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
