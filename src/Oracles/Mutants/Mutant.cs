using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// One simulated binding bug, applied by <see cref="MutantOracle"/> around a real binding: how it rewrites what the
/// harness asks the binding and what the binding answers. Hooks left unset pass requests and results through.
/// Result hooks rewrite with <c>with { … }</c>, so result properties added later carry over unchanged.
/// </summary>
/// <param name="Name">Short id used on the command line and in reports, e.g. <c>lr-drift</c>.</param>
/// <param name="Bug">The bug in one sentence, as a user would report it.</param>
public sealed record Mutant(string Name, string Bug)
{
    /// <summary>
    /// Why the bug cannot show in a model (it has no layer, optimizer or input the bug touches), or null when it can: a
    /// study reports such a mutant as not applicable to that model rather than counting it as caught or missed.
    /// </summary>
    public Func<Models.ModelSpec, string?> WhyNotApplicable { get; init; } = _ => null;

    /// <summary>Every hook left as it is: what an unset hook looks like, to tell which ones a mutant sets.</summary>
    private static readonly Mutant Untouched = new("", "");

    /// <summary>The training request the buggy binding effectively runs.</summary>
    public Func<TrainRequest, MutantScratch, TrainRequest> Train { get; init; } = (request, _) => request;

    /// <summary>What the buggy binding reports (or leaves on disk) after training the mutated request.</summary>
    public Func<TrainRequest, TrainResult, TrainResult> Trained { get; init; } = (_, result) => result;

    /// <summary>
    /// How the buggy binding rewrites, in place, a model file it saves (format, path, spec); null when saving is not
    /// the bug. Applied to every export after <see cref="Trained"/>, and by <see cref="MutantOracle.SavedCopy"/>.
    /// </summary>
    public Action<ModelFormat, string, Models.ModelSpec>? Saved { get; init; }

    /// <summary>The evaluation request the buggy binding effectively runs.</summary>
    public Func<EvaluateRequest, MutantScratch, EvaluateRequest> Evaluate { get; init; } = (request, _) => request;

    /// <summary>What the buggy binding reports after evaluating the mutated request.</summary>
    public Func<EvaluateRequest, EvaluateResult, EvaluateResult> Evaluated { get; init; } = (_, result) => result;

    /// <summary>
    /// The layer-by-layer forward pass the buggy binding effectively runs (<see cref="IBindingOracle.ActivationsAsync"/>):
    /// a bug in loading or running a model shows here as in <see cref="Evaluate"/>.
    /// </summary>
    public Func<ActivationsRequest, MutantScratch, ActivationsRequest> Activations { get; init; } = (request, _) => request;

    /// <summary>The identity probe's training step the buggy binding effectively runs (<see cref="ITrainingStepProbe"/>).</summary>
    public Func<TrainingStepRequest, MutantScratch, TrainingStepRequest> Step { get; init; } = (request, _) => request;

    /// <summary>What the buggy binding reports after that step.</summary>
    public Func<TrainingStepRequest, TrainingStepResult, TrainingStepResult> Stepped { get; init; } = (_, result) => result;

    /// <summary>What the buggy binding reports after running a hazard probe in one of its execution modes.</summary>
    public Func<ProbeRunRequest, ProbeRunResult, ProbeRunResult> ProbeRan { get; init; } = (_, result) => result;

    /// <summary>
    /// Whether the bug shows in a layer-by-layer forward pass of a saved file (<c>conformance compare</c>): it rewrites
    /// what the binding runs (<see cref="Activations"/>) or the file it saves (<see cref="Saved"/>). A training or
    /// evaluation-only bug (<c>lr-drift</c>, <c>logits-scaled</c>) does not, so a comparison "with" it would pass unchanged.
    /// </summary>
    public bool ChangesForwardPass => Saved is not null || !Activations.Equals(Untouched.Activations);

    /// <summary>Whether the bug shows in a hazard probe's run (<see cref="ProbeRan"/>), the only hook an execution-mode comparison has.</summary>
    public bool ChangesProbeRuns => !ProbeRan.Equals(Untouched.ProbeRan);
}
