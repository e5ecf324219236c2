using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Runs;
using BindingConformance.Tests.Runs;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>What <see cref="TierPolicy"/> plans: explicit seeds, and fewer models and seeds for bindings that declare slow training.</summary>
public sealed class TierPolicyTests
{
    private static readonly BindingDescriptor Fast = new("fast-python", "pytorch", "python", IsDefault: true);
    private static readonly BindingDescriptor Slow = new("slow-js", "tensorflow", "javascript", IsDefault: false);

    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1, ModelZoo.LeNet5], [], []);

    private static readonly IBindingOracle[] Oracles =
    [
        new ScriptedOracle(Fast, Trains),
        new ScriptedOracle(Slow, Trains with { SlowTraining = true }),
    ];

    [Fact]
    public void The_smoke_tier_trains_a_slow_binding_once_and_only_on_LeNet1()
    {
        var plan = TierPolicy.Smoke.Plan([ModelZoo.LeNet1, ModelZoo.LeNet5], [6, 7, 8], [Device.Cpu], "/tmp/unused", Oracles, new Progress<string>());

        plan.Tier.Should().Be("smoke");
        var (lenet1, lenet5) = (plan.Models[0], plan.Models[1]);
        lenet1.Seeds.Should().Equal(6, 7, 8);
        lenet1.SeedsFor(Fast.Id).Should().Equal(6, 7, 8);
        lenet1.SeedsFor(Slow.Id).Should().Equal(6);
        lenet1.TrainingSkips.Should().BeEmpty();
        lenet1.MinimumTestAccuracy.Should().Be(0.90, "the minimum comes from ModelZoo.Plan");
        lenet5.TrainingSkips.Should().ContainSingle().Which.Should().Match<KeyValuePair<string, string>>(s =>
            s.Key == Slow.Id && s.Value.StartsWith("smoke tier trains only LeNet1 in slow-js"));
    }

    [Fact]
    public void The_paper_tier_trains_every_binding_on_every_seed_and_model()
    {
        var plan = TierPolicy.Paper.Plan([ModelZoo.LeNet5], [1, 2], [Device.Cpu], "/tmp/unused", Oracles, new Progress<string>());

        plan.Models.Single().SeedsFor(Slow.Id).Should().Equal(1, 2);
        plan.Models.Single().TrainingSkips.Should().BeEmpty();
        TierPolicy.Paper.DefaultModels.Should().Equal(ModelZoo.Names);
    }

    [Fact]
    public void A_models_own_training_bounds_replace_the_rules_defaults_and_only_its_own()
    {
        var plan = TierPolicy.Smoke.Plan([ModelZoo.LeNet1, ModelZoo.Bert], [1], [Device.Cpu], "/tmp/unused", Oracles, new Progress<string>());
        var rules = VerdictRules.Default;

        var (lenet1, bert) = (plan.Models[0].RulesFrom(rules), plan.Models[1].RulesFrom(rules));

        lenet1.Should().Be(rules, "the LeNets' bounds are the defaults");
        (bert.TrajectoryLossTolerance, bert.TrajectoryAccuracyTolerance, bert.DtwBound).Should().Be((1e-2, 5e-3, 0.05), "ModelZoo.Plan states BERT's");
        (bert with { TrajectoryLossTolerance = rules.TrajectoryLossTolerance, TrajectoryAccuracyTolerance = rules.TrajectoryAccuracyTolerance, DtwBound = rules.DtwBound })
            .Should().Be(rules, "every other bound stays the rules'");
    }

    [Fact]
    public void Description_names_the_seed_range_and_the_slow_bindings_limit()
    {
        TierPolicy.Smoke.Describe([ModelZoo.LeNet1], [6, 7, 8, 9, 10], Oracles).Should().Be("smoke tier: models LeNet1; seeds 6..10, slow-js at most 1");
        TierPolicy.SeedRange([3, 1]).Should().Be("3, 1");
    }

    [Theory]
    [InlineData(new[] { "LeNet9" }, new[] { 1 }, "unknown model 'LeNet9'; known: LeNet1, *")]
    [InlineData(new[] { "LeNet1" }, new int[0], "a run needs at least one seed")]
    [InlineData(new[] { "LeNet1" }, new[] { 1, 1 }, "seeds repeat: 1, 1")]
    public void Bad_plans_are_refused(string[] models, int[] seeds, string message)
    {
        var plan = () => TierPolicy.Smoke.Plan(models, seeds, [Device.Cpu], "/tmp/unused", Oracles, new Progress<string>());

        plan.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Tiers_are_named()
    {
        TierPolicy.Named("paper").Should().BeSameAs(TierPolicy.Paper);
        var unknown = () => TierPolicy.Named("huge");
        unknown.Should().Throw<ArgumentException>().WithMessage("--tier must be smoke or paper (got 'huge')");
    }
}
