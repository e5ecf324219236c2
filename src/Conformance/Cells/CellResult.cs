using BindingConformance.Verdicts;

namespace BindingConformance.Cells;

/// <summary>
/// One judged cell: where it sits (<see cref="Key"/>), how it ended, every rule it was held to, and the facts the engine
/// knew (blame, how to reproduce it, a probe's behaviour, a speed finding, where it first diverged), typed so that no
/// consumer parses them back out of text. Immutable: a repro bundle written later gives a new result.
/// </summary>
/// <param name="Note">
/// Why a cell was skipped or could not be judged (an error), or a measurement's finding; null when the rules say it all.
/// </param>
public sealed record CellResult(CellKey Key, CellOutcome Outcome, string? Note)
{
    /// <summary>Every rule the cell was held to, with value and bound; the cell failed when any of them did not hold.</summary>
    public IReadOnlyList<RuleCheck> Checks { get; init; } = [];

    public CellMetrics Metrics { get; init; } = CellMetrics.Empty;

    /// <summary>The binding this cell's binding was compared with (<see cref="CellKind.Reference"/>), where there was one.</summary>
    public string? Reference { get; init; }

    /// <summary>The binding a failed load cell blames.</summary>
    public Blame? Blame { get; init; }

    public CellRepro Repro { get; init; } = CellRepro.None;

    /// <summary>What a hybridization cell found the mode did against eager.</summary>
    public ProbeBehaviour? Behaviour { get; init; }

    /// <summary>What a hybridization time cell found about the mode's speed.</summary>
    public SpeedFinding? Speed { get; init; }

    /// <summary>Where the binding first parts from what it is compared with: a layer, an optimizer step, or a probe case.</summary>
    public string? FirstDivergence { get; init; }

    /// <summary>The binding's work this cell reports (its trainings) was recalled from the run cache, not computed by this run.</summary>
    public bool FromCache { get; init; }

    public CellKind Kind => Key.Kind;

    public string Name => Key.Name;

    /// <summary>
    /// One line: the note, each failed rule with its value and bound, the blame, and the <c>conformance run</c> line
    /// that reproduces a failure.
    /// </summary>
    public string? Reason
    {
        get
        {
            if (Outcome != CellOutcome.Failed) return Note;
            string?[] parts = [Note, .. Checks.Where(c => !c.Passed).Select(c => c.Message), Blame?.Text,
                Repro.Run is { } run ? $"reproduce: {run}" : null];
            return string.Join("; ", parts.OfType<string>());
        }
    }

    public static CellResult Skipped(CellKey key, string why) => new(key, CellOutcome.Skipped, why);

    /// <summary>A cell that could not be judged: the binding failed to run it.</summary>
    public static CellResult Failed(CellKey key, string why) => new(key, CellOutcome.Failed, why);

    /// <summary>The cell at <paramref name="key"/> judged by <paramref name="verdict"/>'s rules, with its metrics.</summary>
    public static CellResult Judged(CellKey key, CellVerdict verdict) => new(key, verdict.Passed ? CellOutcome.Passed : CellOutcome.Failed, null)
    {
        Checks = verdict.Checks,
        Metrics = new CellMetrics(verdict.Metrics),
    };

    /// <summary>A measurement: it passes, its <paramref name="finding"/> (if any) is its note.</summary>
    public static CellResult Measured(CellKey key, CellMetrics metrics, string? finding) =>
        new(key, CellOutcome.Passed, finding) { Metrics = metrics };
}
