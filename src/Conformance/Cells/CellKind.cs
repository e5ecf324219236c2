namespace BindingConformance.Cells;

/// <summary>
/// What one kind of cell is, asked by every part of the product instead of a string test (the runner, the xunit
/// discoverer, badges, reports, repro bundles, summaries): its name, whether it is a verdict or a measurement, what it
/// runs on, what it needs trained, what its reference is, its executor and its repro-bundle writer. Each kind is one
/// sealed subclass with a static <c>Instance</c>; <see cref="CellKinds"/> finds them, so adding a kind touches no list.
/// </summary>
public abstract class CellKind
{
    /// <summary>The kind's stable name, as in reports and docs/verdicts.md (e.g. <c>cross-load</c>).</summary>
    public abstract string Name { get; }

    public abstract CellRole Role { get; }

    /// <summary>What the kind's cells run: a model of the zoo, or a hazard probe.</summary>
    public abstract SubjectAxis Subject { get; }

    public abstract TrainingNeed Training { get; }

    public abstract ReferenceRole Reference { get; }

    /// <summary>Where the kind's cells come in a run, lower first, among the kinds of the same subject axis.</summary>
    public abstract int Order { get; }

    /// <summary>What a cell of the kind checks or measures, in one sentence (a report section's introduction).</summary>
    public abstract string Summary { get; }

    /// <summary>The heading of the kind's section in a report.</summary>
    public virtual string Section => Name;

    /// <summary>Enumerates, runs and judges the kind's cells.</summary>
    public abstract ICellExecutor Executor { get; }

    /// <summary>Writes a failed cell's repro bundle; null when the kind's failures have none.</summary>
    public virtual IBundleWriter? Bundles => null;

    /// <summary>Whether the kind's cells count towards a conformance badge: verdicts do, measurements never.</summary>
    public bool CountsTowardsBadges => Role == CellRole.Verdict;

    public override string ToString() => Name;
}
