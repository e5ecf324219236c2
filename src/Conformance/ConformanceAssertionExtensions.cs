using BindingConformance.Assertions;
using BindingConformance.Oracles;
using BindingConformance.Cells;
using BindingConformance.Snapshots;

namespace BindingConformance;

/// <summary>Entry points of the conformance assertions, FluentAssertions style: <c>result.Should()…</c>.</summary>
public static class ConformanceAssertionExtensions
{
    public static EvaluateResultAssertions Should(this EvaluateResult subject) => new(subject);

    public static TrainingRunsAssertions Should(this TrainingRuns subject) => new(subject);

    public static CellRecordAssertions Should(this CellRecord subject) => new(subject);

    public static CellResultAssertions Should(this CellResult subject) => new(subject);
}
