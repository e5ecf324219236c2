using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

/// <summary>
/// Reference values come from Debian's python3-scipy 1.10.1 under /usr/bin/python3,
/// <c>from scipy.stats import mannwhitneyu</c>, default <c>method='auto'</c> and <c>use_continuity=True</c>.
/// </summary>
public sealed class MannWhitneyUTests
{
    private static readonly double[] Low = [1, 2, 3, 4, 5];
    private static readonly double[] High = [6, 7, 8, 9, 10];
    private static readonly double[] TiedX = [1, 2, 2, 3, 4];
    private static readonly double[] TiedY = [2, 3, 5, 6, 7, 7];

    [Theory]
    // mannwhitneyu([1,2,3,4,5], [6,7,8,9,10]) -> (0.0, 0.007936507936507936) = 2/252
    [InlineData(Alternative.TwoSided, 0.007936507936507936)]
    // mannwhitneyu([1,2,3,4,5], [6,7,8,9,10], alternative='less') -> (0.0, 0.003968253968253968)
    [InlineData(Alternative.Less, 0.003968253968253968)]
    // mannwhitneyu([1,2,3,4,5], [6,7,8,9,10], alternative='greater') -> (0.0, 0.9999999999999998)
    [InlineData(Alternative.Greater, 0.9999999999999998)]
    public void Exact_five_versus_five_matches_scipy(Alternative alternative, double expectedP)
    {
        var result = MannWhitneyU.Test(Low, High, alternative);

        result.Method.Should().Be(MannWhitneyMethod.Exact);
        result.U.Should().Be(0);
        result.PValue.ShouldAgree(expectedP);
    }

    [Fact]
    public void Exact_two_sided_five_versus_five_is_two_in_252()
    {
        // C(10, 5) = 252 equally likely arrangements; only the two fully separated ones are as extreme.
        MannWhitneyU.Test(Low, High).PValue.ShouldAgree(2.0 / 252);
    }

    [Theory]
    // mannwhitneyu([1,2,2,3,4], [2,3,5,6,7,7]) -> (4.5, 0.06414661873440437)
    [InlineData(Alternative.TwoSided, 0.06414661873440437)]
    // mannwhitneyu([1,2,2,3,4], [2,3,5,6,7,7], alternative='less') -> (4.5, 0.03207330936720219)
    [InlineData(Alternative.Less, 0.03207330936720219)]
    // mannwhitneyu([1,2,2,3,4], [2,3,5,6,7,7], alternative='greater') -> (4.5, 0.9791386449652283)
    [InlineData(Alternative.Greater, 0.9791386449652283)]
    public void Ties_use_the_normal_approximation_with_tie_and_continuity_correction(Alternative alternative, double expectedP)
    {
        var result = MannWhitneyU.Test(TiedX, TiedY, alternative);

        result.Method.Should().Be(MannWhitneyMethod.Asymptotic);
        result.U.Should().Be(4.5);
        result.PValue.ShouldAgree(expectedP);
    }

    [Theory]
    // mannwhitneyu([0.5, 3.1, 2.2], [1.7, 4.4, 0.9, 2.8]) -> (5.0, 0.8571428571428571)
    [InlineData(Alternative.TwoSided, 0.8571428571428571)]
    // mannwhitneyu([0.5, 3.1, 2.2], [1.7, 4.4, 0.9, 2.8], alternative='greater') -> (5.0, 0.6857142857142857)
    [InlineData(Alternative.Greater, 0.6857142857142857)]
    public void Exact_on_interleaved_samples_matches_scipy(Alternative alternative, double expectedP)
    {
        var result = MannWhitneyU.Test([0.5, 3.1, 2.2], [1.7, 4.4, 0.9, 2.8], alternative);

        result.Method.Should().Be(MannWhitneyMethod.Exact);
        result.U.Should().Be(5);
        result.PValue.ShouldAgree(expectedP);
    }

    [Theory]
    // x = [np.sin(i + 1.0) * 10 for i in range(8)]; y = [np.cos(0.37 * j) * 10 + j * 0.01 for j in range(200)]
    // mannwhitneyu(x, y) -> (841.0, 0.8118029809397121); alternative='less' -> (841.0, 0.596378396765633)
    [InlineData(Alternative.TwoSided, 0.8118029809397121)]
    [InlineData(Alternative.Less, 0.596378396765633)]
    public void Exact_eight_versus_two_hundred_matches_scipy(Alternative alternative, double expectedP)
    {
        var x = Enumerable.Range(0, 8).Select(i => Math.Sin(i + 1.0) * 10).ToArray();
        var y = Enumerable.Range(0, 200).Select(j => Math.Cos(0.37 * j) * 10 + j * 0.01).ToArray();

        var result = MannWhitneyU.Test(x, y, alternative);

        result.Method.Should().Be(MannWhitneyMethod.Exact);
        result.U.Should().Be(841);
        result.PValue.ShouldAgree(expectedP);
    }

    [Fact]
    public void Nine_versus_eleven_without_ties_is_asymptotic()
    {
        // x = [(i*0.7) % 3.1 for i in range(1, 10)]; y = [(j*1.3) % 2.9 + 0.05 for j in range(1, 12)]
        // mannwhitneyu(x, y) -> (47.0, 0.8792283946861903)
        var x = Enumerable.Range(1, 9).Select(i => i * 0.7 % 3.1).ToArray();
        var y = Enumerable.Range(1, 11).Select(j => j * 1.3 % 2.9 + 0.05).ToArray();

        var result = MannWhitneyU.Test(x, y);

        result.Method.Should().Be(MannWhitneyMethod.Asymptotic);
        result.U.Should().Be(47);
        result.PValue.ShouldAgree(0.8792283946861903);
    }

    [Fact]
    public void Far_normal_tail_keeps_relative_accuracy()
    {
        // mannwhitneyu(list(range(50)), list(range(100, 150))) -> (0.0, 7.066071930388932e-18)
        var result = MannWhitneyU.Test(Enumerable.Range(0, 50).Select(i => (double)i).ToArray(),
            Enumerable.Range(100, 50).Select(i => (double)i).ToArray());

        result.PValue.ShouldAgree(7.066071930388932e-18);
    }

    [Fact]
    public void All_values_equal_gives_p_one()
    {
        // mannwhitneyu([3,3,3], [3,3,3,3]) -> (6.0, 1.0)
        var result = MannWhitneyU.Test([3, 3, 3], [3, 3, 3, 3]);

        result.U.Should().Be(6);
        result.PValue.Should().Be(1.0);
    }

    [Fact]
    public void U_is_reported_for_the_first_sample()
    {
        MannWhitneyU.Test(High, Low).U.Should().Be(25);
        MannWhitneyU.Test(Low, High).U.Should().Be(0);
    }

    [Fact]
    public void Empty_sample_is_rejected()
    {
        var act = () => MannWhitneyU.Test([], [1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*empty*");
    }

    [Fact]
    public void NaN_is_rejected()
    {
        var act = () => MannWhitneyU.Test([1.0], [2.0, double.NaN]);

        act.Should().Throw<ArgumentException>().WithParameterName("y").WithMessage("*NaN*");
    }
}
