using BindingConformance.Statistics;

namespace BindingConformance.Replication;

/// <summary>
/// The study's analysis: per framework × model, each binding against the default one — training-time medians,
/// two-sided Mann-Whitney U (Bonferroni-adjusted over the bindings of that framework × model), Cliff's delta
/// d(default, binding), the largest normalised DTW between seed-paired training-accuracy curves (exact and FastDTW
/// radius 1), mean final test accuracy, and the deployment checks.
/// </summary>
public static class ReplicationAnalysis
{
    public const string DefaultBinding = "py";

    /// <summary>The study compared curves with FastDTW at this radius.</summary>
    public const int StudyFastDtwRadius = 1;

    public static IReadOnlyList<ReplicationRow> Analyze(IReadOnlyList<BindingResults> results, double alpha = 0.05)
    {
        var rows = new List<ReplicationRow>();
        foreach (var group in results.GroupBy(r => (r.Framework, r.Model)))
        {
            var reference = group.FirstOrDefault(r => r.Binding == DefaultBinding);
            var others = group.Where(r => r.Binding != DefaultBinding).ToArray();
            var tests = others.Select(b => CompareTimes(reference, b)).ToArray();
            var testedP = tests.Where(t => t is not null).Select(t => t!.PValue).ToArray();
            var adjusted = testedP.Length > 0 ? Bonferroni.Adjust(testedP, alpha).Adjusted : [];
            var next = 0;
            for (var i = 0; i < others.Length; i++)
                rows.Add(Compare(reference, others[i], tests[i], tests[i] is null ? null : adjusted[next++]));
        }
        return rows;
    }

    private static MannWhitneyResult? CompareTimes(BindingResults? reference, BindingResults binding)
    {
        var x = Times(reference);
        var y = Times(binding);
        return x.Length > 0 && y.Length > 0 ? MannWhitneyU.Test(x, y) : null;
    }

    private static ReplicationRow Compare(BindingResults? reference, BindingResults binding, MannWhitneyResult? test, double? adjustedP)
    {
        var defaultTimes = Times(reference);
        var times = Times(binding);
        var effect = defaultTimes.Length > 0 && times.Length > 0 ? Statistics.CliffsDelta.Compute(defaultTimes, times) : null;
        var pairs = SeedPairedCurves(reference, binding);
        return new ReplicationRow(
            binding.Framework,
            binding.Model,
            binding.Binding,
            defaultTimes.Length > 0 ? Median.Of(defaultTimes) : null,
            times.Length > 0 ? Median.Of(times) : null,
            test?.PValue,
            adjustedP,
            effect?.Delta,
            effect?.Magnitude,
            pairs.Length > 0 ? pairs.Max(p => DynamicTimeWarping.Exact(p.Default, p.Binding).NormalizedDistance) : null,
            pairs.Length > 0 ? pairs.Max(p => DynamicTimeWarping.Fast(p.Default, p.Binding, StudyFastDtwRadius).NormalizedDistance) : null,
            MeanFinalTestAccuracy(reference),
            MeanFinalTestAccuracy(binding),
            binding.Deployment.SameFraction,
            binding.Deployment.StableFraction);
    }

    private static double[] Times(BindingResults? results) =>
        results?.Runs.Where(r => r.TrainingSeconds is not null).Select(r => r.TrainingSeconds!.Value).ToArray() ?? [];

    private static (IReadOnlyList<double> Default, IReadOnlyList<double> Binding)[] SeedPairedCurves(BindingResults? reference, BindingResults binding)
    {
        if (reference is null) return [];
        var defaults = reference.Runs.Where(r => r.TrainingAccuracy is not null).ToDictionary(r => r.Index, r => r.TrainingAccuracy!);
        return binding.Runs
            .Where(r => r.TrainingAccuracy is not null && defaults.ContainsKey(r.Index))
            .Select(r => (defaults[r.Index], r.TrainingAccuracy!))
            .ToArray();
    }

    private static double? MeanFinalTestAccuracy(BindingResults? results)
    {
        var finals = results?.Runs.Where(r => r.FinalTestAccuracy is not null).Select(r => r.FinalTestAccuracy!.Value).ToArray() ?? [];
        return finals.Length > 0 ? finals.Average() : null;
    }
}
