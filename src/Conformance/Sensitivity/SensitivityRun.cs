using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Kinds.Training;
using BindingConformance.Reports;

namespace BindingConformance.Sensitivity;

/// <summary>A failed cell of a sensitivity run: its name, the verdict's reason, the rules that failed, and where the binding first diverged.</summary>
public sealed record FailedCell(string Name, string? Reason, IReadOnlyList<string> Rules, string? FirstDivergence);

/// <summary>
/// One conformance run of a sensitivity study: with a mutant (<see cref="Bug"/> set) or clean. Detected when any
/// cell failed; for a clean run that is a false alarm.
/// </summary>
/// <param name="Metrics">The mutated binding's headline measurements (training accuracy, DTW, loss trajectory, p-value, worst logit difference).</param>
/// <param name="ReportDirectory">Where the run's own report.json and report.md are.</param>
public sealed record SensitivityRun(
    string Name,
    string? Bug,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<FailedCell> FailedCells,
    JsonObject Metrics,
    string ReportDirectory,
    double ElapsedSeconds)
{
    public bool IsClean => Bug is null;

    public bool Detected => FailedCells.Count > 0;

    /// <summary>The rules that failed in any cell, in first-failure order: what caught the run's bug.</summary>
    public IReadOnlyList<string> CaughtBy => FailedCells.SelectMany(c => c.Rules).Distinct().ToArray();

    /// <summary>Summarises <paramref name="report"/> for the binding <paramref name="bindingId"/> that the mutants change.</summary>
    public static SensitivityRun From(string name, string? bug, IReadOnlyList<int> seeds, RunReport report, string bindingId, string reportDirectory)
    {
        var failed = report.Cells.Where(c => c.Outcome == CellOutcome.Failed)
            .Select(c => new FailedCell(c.Name, c.Reason, c.Checks.Where(k => !k.Passed).Select(k => k.Rule).ToArray(), c.FirstDivergence)).ToArray();
        return new SensitivityRun(name, bug, seeds, failed, Headline(report, bindingId), reportDirectory, report.ElapsedSeconds);
    }

    private static JsonObject Headline(RunReport report, string bindingId)
    {
        var metrics = new JsonObject();
        var training = report.Cells.FirstOrDefault(c => c.Kind == TrainingKind.Instance && c.Key.Binding == bindingId && c.Outcome != CellOutcome.Skipped);
        foreach (var key in new[] { "final_test_accuracy", "reference_final_test_accuracy", "dtw_max_normalized", "trajectory_max_relative_loss_difference", "mwu_p" })
            if (training?.Metrics[key] is JsonValue value) metrics[key] = value.DeepClone();
        // Every cell that loads or serves this binding's files or runs them in this binding.
        var involving = report.Cells.Where(c => c.Kind != TrainingKind.Instance && c.Key.Bindings.Contains(bindingId)).ToArray();
        var differences = involving.Select(c => c.Metrics["max_abs_logit_difference"]).OfType<JsonValue>().Select(v => v.GetValue<double>()).ToArray();
        if (differences.Length > 0) metrics["max_abs_logit_difference"] = differences.Max();
        metrics["unstable_cells"] = involving.Count(c => c.Metrics["stable"] is JsonValue stable && !stable.GetValue<bool>());
        return metrics;
    }
}
