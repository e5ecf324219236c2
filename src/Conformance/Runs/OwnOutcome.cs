using BindingConformance.Oracles;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// A binding's own saved file evaluated by that binding: the file, the evaluation and its verdict, and what every other
/// evaluation of the trained model must reproduce (<see cref="Expected"/>); or why it could not run.
/// </summary>
public sealed record OwnOutcome(ModelExport? Export)
{
    public EvaluateResult? Result { get; init; }

    /// <summary>The own file's rules (<see cref="InferenceVerdict"/>), when it was evaluated.</summary>
    public CellVerdict? Verdict { get; init; }

    /// <summary>What the trained model predicts, for every cell that loads its files; null when unknown.</summary>
    public InferenceExpectation? Expected { get; init; }

    /// <summary>Why the binding has no trained model here (its training was skipped or failed).</summary>
    public string? Untrained { get; init; }

    /// <summary>Why the own file could not be evaluated (none saved in a loadable format, or the binding failed on it).</summary>
    public string? Error { get; init; }

    /// <summary>The own file does not reproduce the trained model, or could not be evaluated.</summary>
    public bool Failed => Error is not null || Verdict is { Passed: false };
}
