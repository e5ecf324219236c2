using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Statistics;

namespace BindingConformance.Verdicts;

/// <summary>
/// Judges one binding's training of one model on one device, with the strongest rule the evidence allows:
/// <list type="bullet">
/// <item><c>finite</c> and <c>minimum-accuracy</c>: the model learned what the tier requires;</item>
/// <item><c>reproducible</c> (CPU): the first seed's first epoch trained again gives the same steps and accuracies;</item>
/// <item><c>identity-probe</c> and <c>optimizer-step</c>: a few training steps from the same weights agree (<see cref="EngineIdentity"/>);</item>
/// <item><c>exact-trajectory</c> and <c>exact-accuracies</c>: where the identity probe found the binding and its reference
/// the same engine to rounding and both reproduce their own runs, every seed's step losses and per-epoch accuracies follow
/// the reference's within tight tolerances (dropout masks are the harness's draws, the same in both, docs/harness-randomness.md);</item>
/// <item>else the study's <c>dtw</c> and <c>mann-whitney</c> (Bonferroni over the framework's family).</item>
/// </list>
/// The rule chosen and why are in the metrics (<c>trajectory_rule</c>, <c>trajectory_rule_why</c>).
/// </summary>
public static class TrainingVerdict
{
    /// <param name="identity">The identity probe against the reference, or null when it could not run (the reason is in <paramref name="identityMissing"/>).</param>
    public static CellVerdict Judge(TrainingEvidence runs, TrainingEvidence? reference, double? minimumTestAccuracy,
        EngineIdentity? identity, string? identityMissing, int familySize, VerdictRules rules)
    {
        var finals = runs.Runs.Select(r => r.FinalTestAccuracy).ToArray();
        var verdict = new CellVerdict(new JsonObject
        {
            ["version"] = runs.Runs[0].BindingVersion,
            ["seeds"] = runs.Runs.Count,
            ["first_seed"] = runs.Seeds[0],
            ["final_test_accuracy"] = Finite(finals.Average()),
            ["training_seconds_median"] = Median.Of(runs.Runs.Select(r => r.TrainingSeconds).ToArray()),
            ["train_accuracy"] = Curve(runs.Runs[0].TrainAccuracy),
            ["test_accuracy"] = Curve(runs.Runs[0].TestAccuracy),
            ["optimizer_steps"] = runs.Runs[0].StepLosses.Count,
        });

        var finite = finals.All(double.IsFinite);
        verdict.Add(new RuleCheck("finite", finite, string.Join(", ", finals.Select(f => RuleCheck.Number(f))), "finite",
            "final test accuracy of every seed is a number"));
        if (finite && minimumTestAccuracy is { } minimum)
            verdict.Add(RuleCheck.Of("minimum-accuracy", finals.Min() >= minimum, finals.Min(), $"≥ {RuleCheck.Number(minimum)}",
                "lowest final test accuracy over the seeds (the tier's minimum: the model must learn)"));
        if (runs.Repeat is not null) Reproducible(runs, verdict);
        if (reference is null || !finite) return verdict;

        verdict.Metrics["reference"] = reference.BindingId;
        verdict.Metrics["reference_final_test_accuracy"] = Finite(reference.Runs.Select(r => r.FinalTestAccuracy).Average());
        if (identity is not null)
        {
            verdict.Metrics["identity_probe_engine_difference"] = Finite(identity.Engine.Value);
            verdict.Metrics["identity_probe_optimizer_difference"] = Finite(identity.Optimizer.Value);
            verdict.Metrics["identity_probe_unresolved_gradient_elements"] = identity.Unresolved;
            foreach (var check in identity.Checks(runs.BindingId, reference.BindingId, rules)) verdict.Add(check);
        }

        var why = WhyNotExact(runs, reference, identity, identityMissing, rules);
        verdict.Metrics["trajectory_rule"] = why is null ? "exact" : "statistical";
        verdict.Metrics["trajectory_rule_why"] = why ?? $"the identity probe found {runs.BindingId} and {reference.BindingId} the same engine to rounding and both reproduce on {runs.Device}";
        if (why is null) ExactTrajectory(runs, reference, rules, verdict);
        Statistical(runs, reference, familySize, rules, verdict, judged: why is not null);
        return verdict;
    }

    private static string? WhyNotExact(TrainingEvidence runs, TrainingEvidence reference, EngineIdentity? identity,
        string? identityMissing, VerdictRules rules) =>
        identity is null ? $"no identity probe: {identityMissing ?? "not run"}"
        : !identity.SameEngine(rules) ? $"the identity probe found {runs.BindingId} and {reference.BindingId} differ beyond float32 rounding ({RuleCheck.Number(identity.Engine.Value)} in {identity.Engine.Where} > {RuleCheck.Number(rules.SameEngineTolerance)}): a different engine"
        : runs.Repeat is null || reference.Repeat is null ? "no determinism probe on one side"
        : !Reproduces(runs) || !Reproduces(reference) ? "a side does not reproduce its own runs"
        : runs.Runs.Count != reference.Runs.Count ? $"seed counts differ ({runs.Runs.Count} against {reference.Runs.Count})"
        : null;

    private static bool Reproduces(TrainingEvidence runs)
    {
        var d = RunDifference.OfRepeat(runs.Repeat!, runs.Runs[0]);
        return d.SameStepCount && d.MaxRelativeLossDifference == 0 && d.MaxAccuracyDifference == 0 && (d.FinalLogitDifference ?? 0) == 0;
    }

    /// <summary>The determinism probe: required on CPU; on CUDA, kernels may legitimately be non-deterministic, so it is recorded only.</summary>
    private static void Reproducible(TrainingEvidence runs, CellVerdict verdict)
    {
        var d = RunDifference.OfRepeat(runs.Repeat!, runs.Runs[0]);
        var worst = Math.Max(Math.Max(d.MaxRelativeLossDifference, d.MaxAccuracyDifference), d.FinalLogitDifference ?? 0);
        if (!d.SameStepCount) worst = double.PositiveInfinity;
        verdict.Metrics["repeat_max_difference"] = Finite(worst);
        if (runs.Device != Device.Cpu) return;
        verdict.Add(RuleCheck.Of("reproducible", worst == 0, worst, "= 0",
            $"seed {runs.Seeds[0]}'s first epoch trained again must give the same step losses and accuracies ({d.FirstDifference})"));
    }

    private static void ExactTrajectory(TrainingEvidence runs, TrainingEvidence reference, VerdictRules rules, CellVerdict verdict)
    {
        var pairs = runs.Runs.Zip(reference.Runs, RunDifference.Between).ToArray();
        var lossWorst = pairs.Select((p, i) => (p, i)).MaxBy(x => x.p.SameStepCount ? x.p.MaxRelativeLossDifference : double.PositiveInfinity);
        var accuracyWorst = pairs.Select((p, i) => (p, i)).MaxBy(x => x.p.MaxAccuracyDifference);
        var lossValue = lossWorst.p.SameStepCount ? lossWorst.p.MaxRelativeLossDifference : double.PositiveInfinity;
        verdict.Metrics["trajectory_max_relative_loss_difference"] = Finite(lossValue);
        verdict.Metrics["trajectory_max_accuracy_difference"] = Finite(accuracyWorst.p.MaxAccuracyDifference);
        if (runs.ReportsStepLosses && reference.ReportsStepLosses)
            verdict.Add(RuleCheck.Of("exact-trajectory", lossValue <= rules.TrajectoryLossTolerance, lossValue, $"≤ {RuleCheck.Number(rules.TrajectoryLossTolerance)} (relative)",
                $"per-step training loss against {reference.BindingId}'s, seed {runs.Seeds[lossWorst.i]}: {lossWorst.p.FirstDifference}"));
        verdict.Add(RuleCheck.Of("exact-accuracies", accuracyWorst.p.MaxAccuracyDifference <= rules.TrajectoryAccuracyTolerance, accuracyWorst.p.MaxAccuracyDifference,
            $"≤ {RuleCheck.Number(rules.TrajectoryAccuracyTolerance)}",
            $"per-epoch train and test accuracies against {reference.BindingId}'s, seed {runs.Seeds[accuracyWorst.i]}: {accuracyWorst.p.FirstDifferingEpochText}"));
    }

    /// <summary>The study's statistics: judged when the exact rule does not apply, recorded as metrics when it does.</summary>
    private static void Statistical(TrainingEvidence runs, TrainingEvidence reference, int familySize, VerdictRules rules, CellVerdict verdict, bool judged)
    {
        StatisticalTrainingComparison comparison;
        try
        {
            // Seed pairs: a binding limited to its first seeds is compared with the reference's runs of those seeds.
            var paired = TrainingRuns.From(reference.Runs.Where((_, i) => runs.Seeds.Contains(reference.Seeds[i])));
            comparison = new StatisticalTrainingComparison(runs.Statistics, paired, familySize, rules);
        }
        catch (ArgumentException e)
        {
            // Diverged training (NaN or infinite accuracies) must fail this cell, not end the run.
            verdict.Add(new RuleCheck("comparable", false, "not comparable", "seed-paired finite runs",
                $"training results cannot be judged against {reference.BindingId}'s: {e.Message}"));
            return;
        }
        verdict.Metrics["dtw_max_normalized"] = comparison.MaxDistance;
        if (comparison.Test is { } test) verdict.Metrics["mwu_p"] = test.PValue;
        if (!judged) return;
        verdict.Add(comparison.DtwCheck(reference.BindingId));
        if (comparison.MannWhitneyCheck(reference.BindingId) is { } rank) verdict.Add(rank);
    }

    // JSON has no NaN or infinity; a diverged curve keeps its length with nulls where values were not finite.
    private static JsonArray Curve(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)Finite(v)).ToArray());

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
