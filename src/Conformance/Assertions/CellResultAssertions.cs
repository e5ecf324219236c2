using BindingConformance.Cells;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace BindingConformance.Assertions;

/// <summary>A cell the engine judged, as a test asserts it: it passed, or the failure names every broken rule.</summary>
public sealed class CellResultAssertions(CellResult subject)
    : ReferenceTypeAssertions<CellResult, CellResultAssertions>(subject)
{
    protected override string Identifier => "cell";

    /// <summary>
    /// The cell passed. A failure lists each failed rule with its value and bound (the same text as the report's
    /// reason, <c>conformance run</c>'s reproduce line included) and the <c>dotnet test</c> line that reruns the cell.
    /// </summary>
    public AndConstraint<CellResultAssertions> Pass()
    {
        (string, object)[] facts =
        [
            .. Subject.Note is { } note ? [("reason", (object)note)] : Array.Empty<(string, object)>(),
            .. Subject.Checks.Where(c => !c.Passed).Select(c => (c.Rule, (object)$"{c.Detail} (value {c.Value}, bound {c.Bound})")),
            .. Subject.Blame is { } blame ? [("blame", (object)$"{blame.Binding} ({blame.Why})")] : Array.Empty<(string, object)>(),
            .. Subject.Repro.Run is { } run ? [("reproduce", (object)run)] : Array.Empty<(string, object)>(),
        ];
        Execute.Assertion
            .ForCondition(Subject.Outcome != CellOutcome.Failed)
            .FailWith(FailureMessage.Escape(FailureMessage.Format($"{Subject.Name} failed", facts)));
        return new AndConstraint<CellResultAssertions>(this);
    }
}
