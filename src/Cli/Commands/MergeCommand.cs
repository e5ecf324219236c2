using BindingConformance.Cells;
using BindingConformance.Reports;
using BindingConformance.Shards;
using BindingConformance.Verdicts;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance merge OUT… --out DIR</c>: joins the output folders of a plan's shards (<c>run --shard i/n</c>) into one
/// report (<see cref="ShardMerge"/>) with their models and repro bundles (<see cref="ShardFiles"/>). Exit 0 when no merged
/// cell failed, 1 otherwise, 2 on bad input.
/// </summary>
public sealed class MergeCommand : ICommand
{
    public string Name => "merge";

    public string Usage => "merge OUT1 OUT2 … --out DIR";

    public string Summary => "join the output folders of run --shard i/n into one report (cells, bindings, environment, models, repro bundles); complete only if every shard is";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(args.OutputFolder("out") ?? throw new UsageException("missing required option --out"));
        var inputs = args.Positional.Select(Path.GetFullPath).ToArray();
        args.EnsureAllUsed();
        if (inputs.Length == 0) throw new UsageException("name the shard output folders to merge: merge OUT1 OUT2 … --out DIR");
        if (inputs.Contains(output)) throw new UsageException($"--out {output} is one of the shards; merge into a new folder");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new UsageException($"--out {output} is not empty; merge into a new folder");

        var shards = inputs.Select(folder => (Folder: folder, Report: ReportInput.Read(folder))).ToArray();
        RunReport merged;
        try
        {
            merged = ShardMerge.Merge(shards, output, VerdictRules.Default);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        using var outputLock = OutputFolderLock.Acquire(output);
        var files = 0;
        try
        {
            files = shards.Sum(s => ShardFiles.Copy(s.Folder, output));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        new ReportWriter(output).Write(merged);

        var missing = ShardMerge.Missing(shards.Select(s => s.Report).ToArray());
        stdout.WriteLine($"merged {shards.Length} shard{(shards.Length == 1 ? "" : "s")} of {shards[0].Report.Shard!.Count}: {merged.Count(CellOutcome.Passed)} passed, " +
                         $"{merged.Count(CellOutcome.Failed)} failed, {merged.Count(CellOutcome.Skipped)} skipped; {files} files copied (models, repro bundles, probe captures)");
        if (!merged.Complete)
            stdout.WriteLine(missing.Count > 0
                ? $"incomplete: shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} missing"
                : "incomplete: a shard did not finish its plan");
        stdout.WriteLine($"report: {Path.Combine(output, "report.md")}, report.json and report.html");
        return Task.FromResult(merged.Count(CellOutcome.Failed) == 0 ? 0 : 1);
    }
}
