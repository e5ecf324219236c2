using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

public sealed class CliffsDeltaTests
{
    [Fact]
    public void Delta_counts_dominance_with_ties_counted_as_neither()
    {
        // numpy: np.sign(np.subtract.outer([0.2,1.5,1.5,3.0,4.1], [1.5,2.0,2.5,0.1])).mean() -> 0.2
        var result = CliffsDelta.Compute([0.2, 1.5, 1.5, 3.0, 4.1], [1.5, 2.0, 2.5, 0.1]);

        result.Delta.Should().BeApproximately(0.2, 1e-15);
        result.Magnitude.Should().Be(EffectMagnitude.Small);
    }

    [Fact]
    public void Fully_separated_samples_give_plus_or_minus_one()
    {
        double[] slow = [1031, 1029, 1040], fast = [222, 220, 225];

        CliffsDelta.Compute(slow, fast).Delta.Should().Be(1);
        CliffsDelta.Compute(fast, slow).Delta.Should().Be(-1);
        CliffsDelta.Compute(slow, fast).Magnitude.Should().Be(EffectMagnitude.Large);
    }

    [Theory]
    // Thresholds of Romano et al. (2006) as the study used them: < 0.147, < 0.33, < 0.474.
    [InlineData(0.0, EffectMagnitude.Negligible)]
    [InlineData(-0.146, EffectMagnitude.Negligible)]
    [InlineData(0.147, EffectMagnitude.Small)]
    [InlineData(-0.329, EffectMagnitude.Small)]
    [InlineData(0.33, EffectMagnitude.Medium)]
    [InlineData(0.4739, EffectMagnitude.Medium)]
    [InlineData(-0.474, EffectMagnitude.Large)]
    public void Magnitude_follows_the_study_thresholds(double delta, EffectMagnitude expected)
    {
        CliffsDelta.MagnitudeOf(delta).Should().Be(expected);
    }

    [Fact]
    public void Matches_the_pairwise_definition_on_many_ties()
    {
        var x = Enumerable.Range(0, 300).Select(i => (double)(i * 7 % 13)).ToArray();
        var y = Enumerable.Range(0, 170).Select(j => (double)(j * 5 % 11)).ToArray();
        // The O(n·m) definition itself is the reference here.
        var pairwise = x.Sum(a => y.Sum(b => Math.Sign(a - b))) / (double)(x.Length * y.Length);

        CliffsDelta.Compute(x, y).Delta.Should().BeApproximately(pairwise, 1e-15);
    }
}
