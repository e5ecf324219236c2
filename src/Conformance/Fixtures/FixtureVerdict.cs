using System.Globalization;
using BindingConformance.Cells;

namespace BindingConformance.Fixtures;

/// <summary>What one binding gave for one fixture on one device, against what the fixture's writer recorded.</summary>
/// <param name="Reason">Why it was skipped or failed, in one line; null when it passed.</param>
/// <param name="CorrectPerPass">Correct predictions of each pass; empty when it did not run.</param>
/// <param name="MaxLogitDifference">Largest |logit − expected logit| of the first pass; null when it did not run.</param>
public sealed record FixtureVerdict(
    CellOutcome Outcome,
    string? Reason,
    IReadOnlyList<int> CorrectPerPass,
    double? MaxLogitDifference)
{
    public static FixtureVerdict Skipped(string reason) => new(CellOutcome.Skipped, reason, [], null);

    public static FixtureVerdict Failed(string reason) => new(CellOutcome.Failed, reason, [], null);

    /// <summary>The numbers that ran, e.g. <c>118/128 correct in each of 2 passes, max |Δlogit| 3.1e-06</c>.</summary>
    public string Measured(ModelFixture fixture) =>
        CorrectPerPass.Count == 0 ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(",", CorrectPerPass.Distinct())}/{fixture.Count} correct in {CorrectPerPass.Count} passes (expected {fixture.Correct}), max |Δlogit| {MaxLogitDifference:G3} (tolerance {fixture.LogitTolerance:G3})");
}
