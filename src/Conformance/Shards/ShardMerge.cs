using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Reports;
using BindingConformance.TimeAccounting;
using BindingConformance.Verdicts;

namespace BindingConformance.Shards;

/// <summary>
/// Joins the reports of the shards of one plan (<see cref="RunShard"/>) into the report the whole plan would have given:
/// every cell once, in plan order (each model's cells, then the probe kinds' cells by probe); the hybridization time kinds
/// judged again as one family over every probe (<see cref="GraphTimeCells.Rejudge"/>: Holm over every hypothesis of the
/// run); the bindings and environment; each shard's time account added up. The result is complete only when every shard of
/// the plan is there and complete. Paths a cell keeps under a shard's output folder are rebased onto the merged one, whose
/// models, repro bundles and probe captures <see cref="ShardFiles"/> copies. The time-cost and training families never span shards: a model
/// and all its cells are in one shard.
/// </summary>
public static class ShardMerge
{
    /// <param name="shards">Each shard's report, with the folder it was read from.</param>
    /// <param name="outputDirectory">The merged run's folder, which its paths point into.</param>
    /// <exception cref="InvalidDataException">A report is not a shard, the shards are of different plans, a shard is given twice, or a cell appears in two shards.</exception>
    public static RunReport Merge(IReadOnlyList<(string Folder, RunReport Report)> shards, string outputDirectory, VerdictRules rules)
    {
        if (shards.Count == 0) throw new InvalidDataException("no shard to merge");
        foreach (var (folder, report) in shards.Where(s => s.Report.Shard is null))
            throw new InvalidDataException($"{folder} is not a shard: its run was not given --shard i/n");
        var first = shards[0].Report;
        var plan = first.Shard!;
        foreach (var (folder, report) in shards)
        {
            var shard = report.Shard!;
            if (report.Tier != first.Tier || shard.Count != plan.Count || !shard.PlanModels.SequenceEqual(plan.PlanModels) || !shard.PlanProbes.SequenceEqual(plan.PlanProbes))
                throw new InvalidDataException($"{folder} is shard {shard.Text} of another plan than {shards[0].Folder} (shard {plan.Text}): " +
                                               $"tier, shard count, models and probes must all be the same");
        }
        var repeated = shards.GroupBy(s => s.Report.Shard!.Index).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new InvalidDataException($"shard {repeated.Key}/{plan.Count} is given twice: {string.Join(" and ", repeated.Select(s => s.Folder))}");

        var cells = shards.OrderBy(s => s.Report.Shard!.Index)
            .SelectMany(s => s.Report.Cells.Select(c => Rebased(c, s.Report.OutputDirectory, outputDirectory))).ToArray();
        var twice = cells.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"cell {twice.Key.Name} is in more than one shard");
        var ordered = cells.Select((c, i) => (Cell: c, Index: i)).OrderBy(c => c.Cell.Kind.Subject)
            .ThenBy(c => c.Cell.Kind.Subject == SubjectAxis.Model ? IndexOf(plan.PlanModels, c.Cell.Key.Subject) : c.Cell.Kind.Order)
            .ThenBy(c => c.Cell.Kind.Subject == SubjectAxis.Probe ? IndexOf(plan.PlanProbes, c.Cell.Key.Subject) : 0)
            .ThenBy(c => c.Index).Select(c => c.Cell).ToArray();

        var missing = Missing([.. shards.Select(s => s.Report)]);
        var times = shards.Select(s => s.Report.Time).OfType<TimeAccount>().ToArray();
        return new RunReport(first.Tier, shards.Min(s => s.Report.StartedAt), shards.Max(s => s.Report.ElapsedSeconds),
            Environment(shards), Bindings(shards), GraphTimeCells.Rejudge(ordered, rules))
        {
            Complete = missing.Count == 0 && shards.All(s => s.Report.Complete),
            Time = times.Length == 0 ? null : TimeAccount.Sum(times),
            OutputDirectory = outputDirectory,
        };
    }

    /// <summary>The shards of the plan that are not among <paramref name="shards"/>.</summary>
    public static IReadOnlyList<int> Missing(IReadOnlyList<RunReport> shards) =>
        shards.Count == 0 || shards[0].Shard is not { } plan ? [] : Enumerable.Range(1, plan.Count).Except(shards.Select(s => s.Shard?.Index ?? 0)).ToArray();

    private static int IndexOf(IReadOnlyList<string> subjects, string subject)
    {
        var index = subjects.ToList().IndexOf(subject);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>
    /// <paramref name="cell"/> with the files it names in the shard's folder named in the merged one: the model file of its
    /// repro case, and a path in its note (a probe's capture a binding could not load).
    /// </summary>
    private static CellResult Rebased(CellResult cell, string? shardOutput, string mergedOutput)
    {
        if (string.IsNullOrEmpty(shardOutput)) return cell;
        var (from, to) = (Path.TrimEndingDirectorySeparator(shardOutput) + Path.DirectorySeparatorChar, Path.TrimEndingDirectorySeparator(mergedOutput) + Path.DirectorySeparatorChar);
        var rebased = cell.Note?.Contains(from, StringComparison.Ordinal) == true ? cell with { Note = cell.Note.Replace(from, to, StringComparison.Ordinal) } : cell;
        if (rebased.Repro.Forward is not { } forward || !forward.File.StartsWith(from, StringComparison.Ordinal)) return rebased;
        return rebased with { Repro = rebased.Repro with { Forward = forward with { File = to + forward.File[from.Length..] } } };
    }

    /// <summary>The shards' machine; where they ran on different machines, each shard's too.</summary>
    private static JsonObject Environment(IReadOnlyList<(string Folder, RunReport Report)> shards)
    {
        var environment = shards[0].Report.Environment.DeepClone().AsObject();
        if (shards.Any(s => !JsonNode.DeepEquals(s.Report.Environment, shards[0].Report.Environment)))
            environment["shards"] = new JsonArray(shards.Select(s =>
            {
                var shard = s.Report.Environment.DeepClone().AsObject();
                shard["shard"] = s.Report.Shard!.Text;
                return (JsonNode)shard;
            }).ToArray());
        return environment;
    }

    /// <summary>Every binding any shard probed, as the first shard (by index) that probed it found it.</summary>
    private static IReadOnlyList<JsonObject> Bindings(IReadOnlyList<(string Folder, RunReport Report)> shards) =>
        shards.OrderBy(s => s.Report.Shard!.Index).SelectMany(s => s.Report.Bindings)
            .GroupBy(b => b["id"]?.ToString()).Select(g => g.First().DeepClone().AsObject()).ToArray();
}
