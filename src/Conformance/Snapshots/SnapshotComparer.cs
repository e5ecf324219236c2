using System.Globalization;
using BindingConformance.Statistics;

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
                CompareAccuracies(a, r, rules, differences);
                if (sameMachine) CompareTimes(a, r, rules, differences);
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
        var distances = received.Curves.Zip(approved.Curves, (r, a) => DynamicTimeWarping.Exact(r, a).NormalizedDistance).ToArray();
        var worst = Array.IndexOf(distances, distances.Max());
        if (distances[worst] > rules.CurveDtwBound)
            differences.Add($"training.curves: DTW {Number(distances[worst])} exceeds bound {Number(rules.CurveDtwBound)} (max over {distances.Length} seed pairs, worst seed pair {worst})");
    }

    private static void CompareAccuracies(TrainingRuns approved, TrainingRuns received, SnapshotRules rules, List<string> differences)
    {
        var test = MannWhitneyU.Test(received.FinalAccuracies, approved.FinalAccuracies);
        if (test.PValue <= rules.Alpha)
        {
            var effect = CliffsDelta.Compute(received.FinalAccuracies, approved.FinalAccuracies);
            differences.Add($"training.final_accuracies: Mann-Whitney U = {Number(test.U)}, p = {Number(test.PValue)} ≤ alpha {Number(rules.Alpha)}, Cliff's delta {Number(effect.Delta)} ({effect.Magnitude}), n = {test.FirstCount} vs {test.SecondCount}");
        }
    }

    private static void CompareTimes(TrainingRuns approved, TrainingRuns received, SnapshotRules rules, List<string> differences)
    {
        var effect = CliffsDelta.Compute(received.Seconds, approved.Seconds);
        if (effect.Delta > 0 && effect.Magnitude > rules.SlowestTimeEffect)
            differences.Add($"training.seconds: Cliff's delta {Number(effect.Delta)} ({effect.Magnitude}) slower than approved, bound {rules.SlowestTimeEffect}, n = {received.Seconds.Count} vs {approved.Seconds.Count}");
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
