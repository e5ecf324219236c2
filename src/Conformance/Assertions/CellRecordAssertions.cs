using BindingConformance.Snapshots;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace BindingConformance.Assertions;

/// <summary>Compares a cell's measured record with its approved snapshot.</summary>
public sealed class CellRecordAssertions(CellRecord subject)
    : ReferenceTypeAssertions<CellRecord, CellRecordAssertions>(subject)
{
    protected override string Identifier => "cell record";

    /// <summary>The running cell's snapshot in <c>fixtures/approved/{suite}/{cell}.approved.json</c>.</summary>
    public AndConstraint<CellRecordAssertions> MatchApprovedSnapshot(SnapshotRules? rules = null)
    {
        var cell = ConformanceCell.Current
            ?? throw new InvalidOperationException("MatchApprovedSnapshot() without a store names its file after the running conformance cell; call it inside a [ConformanceTheory]");
        return MatchApprovedSnapshot(SnapshotStore.Default, cell.Suite, cell.Name, rules);
    }

    public AndConstraint<CellRecordAssertions> MatchApprovedSnapshot(SnapshotStore store, string suite, string cellName, SnapshotRules? rules = null)
    {
        var verdict = store.Verify(suite, cellName, Subject, rules ?? SnapshotRules.Default);
        Execute.Assertion
            .ForCondition(verdict.Matched)
            .FailWith(FailureMessage.Escape(FailureMessage.Format("Snapshot does not match the approved record", verdict.Message)));
        return new AndConstraint<CellRecordAssertions>(this);
    }
}
