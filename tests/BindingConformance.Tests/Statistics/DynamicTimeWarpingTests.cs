using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

/// <summary>
/// Exact references come from the textbook O(n·m) recurrence run with numpy under /usr/bin/python3
/// (D[i,j] = |a[i-1] − b[j-1]| + min(D[i-1,j], D[i,j-1], D[i-1,j-1]), D[0,0] = 0, other borders ∞).
/// </summary>
public sealed class DynamicTimeWarpingTests
{
    [Fact]
    public void Exact_small_example_and_normalisation_by_first_length()
    {
        // recurrence on a=[0,1,2,3,2,1], b=[0,2,3,1] -> 2.0 (both orders)
        double[] a = [0, 1, 2, 3, 2, 1], b = [0, 2, 3, 1];

        var forward = DynamicTimeWarping.Exact(a, b);
        var backward = DynamicTimeWarping.Exact(b, a);

        forward.Distance.Should().Be(2.0);
        backward.Distance.Should().Be(2.0);
        forward.NormalizedDistance.Should().Be(2.0 / 6);
        backward.NormalizedDistance.Should().Be(2.0 / 4);
    }

    [Fact]
    public void Exact_on_long_series_matches_the_reference_recurrence()
    {
        // a=[np.sin(0.1*i) for i in range(300)]; b=[np.sin(0.1*i+0.5)+0.01*i for i in range(257)] -> 289.3538265807291
        var a = Enumerable.Range(0, 300).Select(i => Math.Sin(0.1 * i)).ToArray();
        var b = Enumerable.Range(0, 257).Select(i => Math.Sin(0.1 * i + 0.5) + 0.01 * i).ToArray();

        DynamicTimeWarping.Exact(a, b).Distance.ShouldAgree(289.3538265807291, 1e-12);
    }

    [Fact]
    public void Fast_matches_the_fastdtw_docstring_example()
    {
        // fastdtw 0.3.4 docstring: fastdtw([1, 2, 3, 4, 5], [2, 3, 4]) -> (2.0, [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2)])
        DynamicTimeWarping.Fast([1, 2, 3, 4, 5], [2, 3, 4]).Distance.Should().Be(2.0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Fast_is_an_upper_bound_of_exact(int radius)
    {
        var a = Enumerable.Range(0, 1000).Select(i => Math.Sin(0.013 * i) + 0.3 * Math.Sin(0.21 * i)).ToArray();
        var b = Enumerable.Range(0, 777).Select(i => Math.Sin(0.017 * i + 0.4)).ToArray();

        var exact = DynamicTimeWarping.Exact(a, b).Distance;
        var fast = DynamicTimeWarping.Fast(a, b, radius).Distance;

        fast.Should().BeGreaterThanOrEqualTo(exact);
        fast.Should().BeLessThan(exact * 1.5, "FastDTW stays close to the optimum on smooth series");
    }

    [Fact]
    public void Fast_with_radius_covering_the_series_is_exact()
    {
        var a = Enumerable.Range(0, 65).Select(i => Math.Cos(0.3 * i) * i).ToArray();
        var b = Enumerable.Range(0, 40).Select(i => Math.Sin(0.2 * i) * 30).ToArray();

        DynamicTimeWarping.Fast(a, b, radius: 65).Distance.ShouldAgree(DynamicTimeWarping.Exact(a, b).Distance, 1e-12);
    }

    [Fact]
    public void Identical_series_have_distance_zero()
    {
        var a = Enumerable.Range(0, 501).Select(i => Math.Sqrt(i)).ToArray();

        DynamicTimeWarping.Exact(a, a).Distance.Should().Be(0);
        DynamicTimeWarping.Fast(a, a).Distance.Should().Be(0);
    }

    [Fact]
    public void Radius_below_one_is_rejected()
    {
        var act = () => DynamicTimeWarping.Fast([1.0, 2.0], [1.0], radius: 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("radius");
    }

    [Fact]
    public void Infinity_is_rejected()
    {
        var act = () => DynamicTimeWarping.Exact([1.0, double.PositiveInfinity], [1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("a");
    }
}
