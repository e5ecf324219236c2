using FluentAssertions;

namespace BindingConformance.Tests.Statistics;

/// <summary>Agreement with reference values to a relative tolerance (the issue asks 1e-9 for p-values).</summary>
internal static class RelativeTolerance
{
    public const double PValue = 1e-9;

    public static void ShouldAgree(this double actual, double expected, double relative = PValue)
    {
        var scale = Math.Max(Math.Abs(expected), double.Epsilon);
        (Math.Abs(actual - expected) / scale).Should().BeLessThanOrEqualTo(relative, $"expected {expected:R}, got {actual:R}");
    }
}
