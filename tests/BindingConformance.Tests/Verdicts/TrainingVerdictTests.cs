using BindingConformance.Oracles;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Verdicts;

/// <summary>Which training rule applies when, and what each catches, on hand-made runs.</summary>
public sealed class TrainingVerdictTests
{
    private static readonly EngineIdentity Identical = Identity(0, 0);
    private static readonly int[] Seeds = [1, 2, 3];

    [Fact]
    public void Bit_identical_engines_are_held_to_the_exact_trajectory_and_a_drifted_step_fails_it()
    {
        var reference = Evidence("reference", seed => Run(seed));
        var drifted = Evidence("port", seed => Run(seed, lossAt: (5, 1e-2)));

        var verdict = Judge(drifted, reference, Identical);

        verdict.Metrics["trajectory_rule"]!.GetValue<string>().Should().Be("exact");
        verdict.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "exact-trajectory" && c.Detail.Contains("first differing step 6 of 20, largest at step 6") && c.Bound == "≤ 0.001 (relative)");
        // The statistics cannot see it: the accuracy curves are identical.
        verdict.Metrics["dtw_max_normalized"]!.GetValue<double>().Should().Be(0);
    }

    [Fact]
    public void A_different_but_correct_engine_falls_back_to_the_studys_statistics_and_says_why()
    {
        var reference = Evidence("reference", seed => Run(seed));
        var other = Evidence("port", seed => Run(seed, lossAt: (5, 1e-2)));

        var verdict = Judge(other, reference, Identity(3e-3, 5e-3));

        verdict.Passed.Should().BeTrue(verdict.Reason);
        verdict.Metrics["trajectory_rule"]!.GetValue<string>().Should().Be("statistical");
        verdict.Metrics["trajectory_rule_why"]!.GetValue<string>().Should().Contain("differ beyond float32 rounding (0.003 in gradient of conv1.weight > 0.0002): a different engine");
        verdict.Checks.Select(c => c.Rule).Should().Contain(["identity-probe", "optimizer-step", "dtw", "mann-whitney"]);
    }

    [Fact]
    public void An_identity_probe_beyond_rounding_fails_the_cell()
    {
        var verdict = Judge(Evidence("port", seed => Run(seed)), Evidence("reference", seed => Run(seed)), Identity(0.05, 0));

        verdict.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "identity-probe" && c.Value == "0.05" && c.Bound == "≤ 0.01" && c.Detail.EndsWith("in gradient of conv1.weight"));
    }

    [Fact]
    public void The_same_engine_is_held_to_rounding_in_its_optimizer_steps_and_another_engine_to_the_probes_tolerance()
    {
        var reference = Evidence("reference", seed => Run(seed));
        var port = Evidence("port", seed => Run(seed));

        var sameEngine = Judge(port, reference, Identity(1e-6, 3e-3));
        var otherEngine = Judge(port, reference, Identity(3e-3, 3e-3));

        // An optimizer default from the wrong place (Adam's beta2 0.99) moves the updates of 5 steps by 3e-3 and no gradient.
        sameEngine.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "optimizer-step" && c.Value == "0.003" && c.Bound == "≤ 0.001" && c.Detail.Contains("5 optimizer steps") && c.Detail.Contains("held to rounding"));
        otherEngine.Passed.Should().BeTrue(otherEngine.Reason);
        otherEngine.Checks.Single(c => c.Rule == "optimizer-step").Bound.Should().Be("≤ 0.01");
    }

    [Fact]
    public void Models_with_dropout_are_held_to_the_exact_trajectory_when_the_probe_finds_one_engine()
    {
        // The harness draws every mask (docs/harness-randomness.md), so dropout no longer sets a model apart.
        var verdict = Judge(Evidence("port", seed => Run(seed, lossAt: (5, 1e-2))), Evidence("reference", seed => Run(seed)), Identical);

        verdict.Metrics["trajectory_rule"]!.GetValue<string>().Should().Be("exact");
        verdict.Failures.Should().ContainSingle().Which.Rule.Should().Be("exact-trajectory");
    }

    [Fact]
    public void A_binding_that_does_not_reproduce_its_own_seed_fails_on_cpu_and_is_only_recorded_on_cuda()
    {
        static TrainingEvidence Ignoring(string device) =>
            new("port", device, Seeds, Seeds.Select(seed => Run(seed)).ToArray(), Run(1, lossAt: (0, 0.3)));

        var cpu = Judge(Ignoring(Device.Cpu), null, null);
        var cuda = Judge(Ignoring(Device.Cuda), null, null);

        cpu.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "reproducible" && c.Detail.StartsWith("seed 1's first epoch trained again") && c.Detail.Contains("first differing step 1 of 20, largest at step 1"));
        cuda.Passed.Should().BeTrue("GPU kernels may legitimately be non-deterministic");
        cuda.Metrics["repeat_max_difference"]!.GetValue<double>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_one_epoch_determinism_probe_is_compared_with_the_first_epoch_of_its_run()
    {
        // 21 steps over 3 epochs: the repeat of epoch 1 has steps 1-7, its accuracies, and no final logits of the whole run.
        var run = Run(1, steps: 21);
        TrainResult FirstEpoch(TrainResult r) => r with
        {
            StepLosses = r.StepLosses.Take(7).ToArray(), TrainAccuracy = r.TrainAccuracy.Take(1).ToArray(),
            TestAccuracy = r.TestAccuracy.Take(1).ToArray(), FinalTestLogits = [0.5f, 0.5f],
        };
        TrainingEvidence WithRepeat(TrainResult repeat) => new("port", Device.Cpu, [1], [run], repeat);

        Judge(WithRepeat(FirstEpoch(run)), null, null).Passed.Should().BeTrue("the first epoch repeats exactly; later epochs and final logits are not in the repeat");
        Judge(WithRepeat(FirstEpoch(Run(1, lossAt: (6, 1e-9), steps: 21))), null, null).Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "reproducible" && c.Detail.Contains("first differing step 7 of 7"));
        Judge(WithRepeat(FirstEpoch(run) with { TestAccuracy = [0.46] }), null, null).Failures.Should().ContainSingle().Which.Rule.Should().Be("reproducible");
    }

    [Fact]
    public void A_reference_that_does_not_reproduce_sends_its_bindings_to_the_statistics()
    {
        var reference = new TrainingEvidence("reference", Device.Cpu, Seeds, Seeds.Select(seed => Run(seed)).ToArray(), Run(1, lossAt: (3, 0.1)));

        var verdict = Judge(Evidence("port", seed => Run(seed)), reference, Identical);

        verdict.Metrics["trajectory_rule_why"]!.GetValue<string>().Should().Be("a side does not reproduce its own runs");
    }

    [Fact]
    public void Metrics_on_the_wrong_split_fail_the_exact_accuracy_rule()
    {
        var reference = Evidence("reference", seed => Run(seed));
        var wrongSplit = Evidence("port", seed => Run(seed) with { TestAccuracy = Run(seed).TrainAccuracy });

        var verdict = Judge(wrongSplit, reference, Identical);

        verdict.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c =>
            c.Rule == "exact-accuracies" && c.Detail.EndsWith("seed 1: first differing epoch 1") && c.Bound == "≤ 0.002");
    }

    [Fact]
    public void Dropped_examples_show_as_fewer_optimizer_steps()
    {
        var verdict = Judge(Evidence("port", seed => Run(seed, steps: 18)), Evidence("reference", seed => Run(seed)), Identical);

        verdict.Failures.Should().ContainSingle().Which.Detail.Should().Contain("18 optimizer steps against 20");
    }

    [Fact]
    public void Accuracies_below_the_tiers_minimum_fail_whatever_the_reference_says()
    {
        var verdict = TrainingVerdict.Judge(Evidence("port", seed => Run(seed)), null, 0.95, null, null, 1, VerdictRules.Default);

        verdict.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c => c.Rule == "minimum-accuracy" && c.Value == "0.9" && c.Bound == "≥ 0.95");
    }

    private static CellVerdict Judge(TrainingEvidence runs, TrainingEvidence? reference, EngineIdentity? identity) =>
        TrainingVerdict.Judge(runs, reference, 0.5, identity, identity is null ? "not run in this test" : null, 1, VerdictRules.Default);

    private static EngineIdentity Identity(double engine, double optimizer) =>
        new(new(engine, "gradient of conv1.weight"), new(optimizer, "update of fc.weight after 5 steps"), 5, 0);

    private static TrainingEvidence Evidence(string binding, Func<int, TrainResult> run) =>
        new(binding, Device.Cpu, Seeds, Seeds.Select(run).ToArray(), run(Seeds[0]));

    /// <summary>A seed's run: losses falling from 2.3, accuracies rising to 0.9 over 3 epochs; one loss changed by a relative amount.</summary>
    private static TrainResult Run(int seed, (int Step, double Relative)? lossAt = null, int steps = 20)
    {
        var losses = Enumerable.Range(0, steps).Select(i => 2.3 / (1 + i + seed / 10.0)).ToArray();
        if (lossAt is { } change) losses[change.Step] *= 1 + change.Relative;
        double[] train = [0.5, 0.8, 0.9 + seed / 1000.0];
        double[] test = [0.45, 0.75, 0.9];
        return new TrainResult(train, test, test[^1], 1.0, "1.0", []) { StepLosses = losses, FinalTestLogits = [0.1f, 0.9f] };
    }
}
