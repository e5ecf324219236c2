using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

/// <summary>
/// Expected values follow R's p.adjust definitions (stats/R/p.adjust.R): bonferroni <c>pmin(1, n * p)</c>,
/// holm <c>pmin(1, cummax((n - i + 1) * p[o]))[ro]</c>, evaluated with numpy for p = (0.01, 0.04, 0.03, 0.2).
/// </summary>
public sealed class MultipleComparisonsTests
{
    private static readonly double[] P = [0.01, 0.04, 0.03, 0.2];

    [Fact]
    public void Bonferroni_multiplies_by_the_number_of_tests()
    {
        // np.minimum(1, 4 * np.array([0.01, 0.04, 0.03, 0.2])) -> [0.04, 0.16, 0.12, 0.8]
        var result = Bonferroni.Adjust(P);

        result.Adjusted.Should().Equal([0.04, 0.16, 0.12, 0.8], (a, e) => Math.Abs(a - e) < 1e-15);
        result.Reject.Should().Equal(true, false, false, false);
    }

    [Fact]
    public void Bonferroni_caps_at_one()
    {
        Bonferroni.Adjust([0.5, 0.6]).Adjusted.Should().Equal(1.0, 1.0);
    }

    [Fact]
    public void Holm_steps_down_and_stays_monotone()
    {
        // sorted (0.01, 0.03, 0.04, 0.2) * (4, 3, 2, 1) = (0.04, 0.09, 0.08, 0.2); cummax -> (0.04, 0.09, 0.09, 0.2)
        var result = Holm.Adjust(P);

        result.Adjusted.Should().Equal([0.04, 0.09, 0.09, 0.2], (a, e) => Math.Abs(a - e) < 1e-15);
        // 0.01 <= 0.05/4 rejects; 0.03 > 0.05/3 stops the procedure.
        result.Reject.Should().Equal(true, false, false, false);
    }

    [Fact]
    public void Holm_rejects_where_Bonferroni_cannot()
    {
        // p = (0.01, 0.02, 0.04): Holm compares with 0.05/3, 0.05/2, 0.05/1 and rejects all three;
        // adjusted = cummax((0.03, 0.04, 0.04)). Bonferroni rejects only p <= 0.05/3.
        double[] p = [0.01, 0.02, 0.04];

        var holm = Holm.Adjust(p);

        holm.Reject.Should().Equal(true, true, true);
        holm.Adjusted.Should().Equal([0.03, 0.04, 0.04], (a, e) => Math.Abs(a - e) < 1e-15);
        Bonferroni.Adjust(p).Reject.Should().Equal(true, false, false);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void P_values_outside_the_unit_interval_are_rejected(double bad)
    {
        var act = () => Bonferroni.Adjust([0.1, bad]);

        act.Should().Throw<ArgumentException>().WithMessage("*p-value #1*");
    }

    [Fact]
    public void No_p_values_is_an_error()
    {
        var act = () => Holm.Adjust([]);

        act.Should().Throw<ArgumentException>().WithMessage("*no p-values*");
    }
}
