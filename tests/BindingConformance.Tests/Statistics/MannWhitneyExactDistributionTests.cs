using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

/// <summary>
/// The exact distribution counts arrangements in 128-bit integers; beyond that range it switches to scaled doubles.
/// Where both work they must agree, so the double path is checked against the integer one.
/// </summary>
public sealed class MannWhitneyExactDistributionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(400)]
    [InlineData(799)]
    public void Scaled_double_counts_agree_with_exact_integer_counts(int degree)
    {
        var exact = MannWhitneyExactDistribution.CumulativeExact(degree, small: 8, large: 200);
        var approximate = MannWhitneyExactDistribution.CumulativeApproximate(degree, small: 8, large: 200);

        approximate.ShouldAgree(exact, 1e-12);
    }

    [Fact]
    public void Survival_is_one_at_zero_and_one_over_binomial_at_the_maximum()
    {
        // U = m·n happens in exactly one of C(m+n, m) arrangements: C(208, 8) = 75 824 205 888 366 (Python math.comb(208, 8)).
        MannWhitneyExactDistribution.SurvivalInclusive(0, 8, 200).Should().Be(1.0);
        MannWhitneyExactDistribution.SurvivalInclusive(1600, 8, 200).ShouldAgree(1.0 / 75_824_205_888_366);
    }
}
