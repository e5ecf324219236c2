using BindingConformance.Reports;
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
        var facts = (Subject.Reason ?? "").Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
                ? (part[..colon], (object)part[(colon + 2)..])
                : ("reason", (object)part))
            .ToArray();
        Execute.Assertion
            .ForCondition(Subject.Outcome != CellOutcome.Failed)
            .FailWith(FailureMessage.Escape(FailureMessage.Format($"{Subject.Name} failed", facts)));
        return new AndConstraint<CellResultAssertions>(this);
    }
}
