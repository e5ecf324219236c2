using System.Globalization;
using BindingConformance.Verdicts;

namespace BindingConformance.Snapshots;

/// <summary>Compares records by statistical rules per field, never byte for byte: seeds and timings vary run to run.</summary>
public static class SnapshotComparer
{
    public static SnapshotComparison Compare(CellRecord approved, CellRecord received, SnapshotRules rules)
    {
        var differences = new List<string>();
        var notes = new List<string>();
        var sameMachine = approved.Environment.Cpu == received.Environment.Cpu && approved.Environment.Device == received.Environment.Device;

        switch (approved.Training, received.Training)
        {
            case (null, null): break;
            case (null, _): differences.Add("training: received has training runs, approved has none"); break;
            case (_, null): differences.Add("training: approved has training runs, received has none"); break;
            case ({ } a, { } r):
                CompareCurves(a, r, rules, differences);
                if (sameMachine) CompareTimes(a, r, rules, notes);
                else notes.Add($"training.seconds: not compared, measured on another machine (approved: {approved.Environment.Cpu}, {approved.Environment.Device}; received: {received.Environment.Cpu}, {received.Environment.Device})");
                break;
        }

        var approvedCounts = approved.CorrectPerPass ?? [];
        var receivedCounts = received.CorrectPerPass ?? [];
        if (!approvedCounts.SequenceEqual(receivedCounts))
            differences.Add($"correct_per_pass: approved [{string.Join(", ", approvedCounts)}], received [{string.Join(", ", receivedCounts)}] (must be equal)");

        foreach (var (binding, version) in received.Environment.BindingVersions)
            if (approved.Environment.BindingVersions.TryGetValue(binding, out var old) && old != version)
                notes.Add($"environment.binding_versions.{binding}: approved {old}, received {version}");
        return new SnapshotComparison(differences, notes);
    }

    private static void CompareCurves(TrainingRuns approved, TrainingRuns received, SnapshotRules rules, List<string> differences)
    {
        if (approved.Curves.Count != received.Curves.Count)
        {
            differences.Add($"training.curves: approved has {approved.Curves.Count} seeds, received {received.Curves.Count}");
            return;
        }
        var comparison = new StatisticalTrainingComparison(received, approved, 1, rules.Verdicts);
        if (!comparison.CurvesAlike)
            differences.Add($"training.curves: DTW {Number(comparison.MaxDistance)} exceeds bound {Number(comparison.DtwBound)} (max over {comparison.Distances.Count} seed pairs, worst seed pair {comparison.WorstPair})");
        if (!comparison.AccuraciesAlike)
            differences.Add($"training.final_accuracies: Mann-Whitney U = {Number(comparison.Test!.U)}, p = {Number(comparison.Test.PValue)} ≤ alpha {Number(comparison.Threshold)}, Cliff's delta {Number(comparison.Effect!.Delta)} ({comparison.Effect.Magnitude}), n = {comparison.Test.FirstCount} vs {comparison.Test.SecondCount}");
    }

    /// <summary>
    /// A slower training is noted, never a difference: a test proves behaviour and does not time it (a loaded CI machine
    /// of the same model is slower); speed is judged by the time-cost cells and the benchmarks.
    /// </summary>
    private static void CompareTimes(TrainingRuns approved, TrainingRuns received, SnapshotRules rules, List<string> notes)
    {
        var effect = SpeedEffect.Of(approved.Seconds, received.Seconds);
        if (SpeedEffect.SlowerBeyond(effect, rules.SlowestTimeEffect))
            notes.Add($"training.seconds: Cliff's delta {Number(effect.Delta)} ({effect.Magnitude}, negative = slower) slower than approved, beyond {rules.SlowestTimeEffect}, n = {received.Seconds.Count} vs {approved.Seconds.Count} (a speed finding, not a difference)");
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
