using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// A real binding with one simulated bug (<see cref="Mutant"/>): it keeps the binding's id, capabilities and
/// availability, so the run's matrix is unchanged and only the verdicts can tell. It does not own
/// <paramref name="inner"/> (one real binding serves many mutants); disposing it deletes only its scratch copies.
/// <see cref="Around"/> keeps the binding's identity probe too.
/// </summary>
public class MutantOracle(IBindingOracle inner, Mutant mutant, string scratchDirectory) : IBindingOracle, IReportsProgress
{
    private readonly MutantScratch scratch = new(scratchDirectory);

    /// <summary>
    /// The mutant of <paramref name="inner"/>, offering its <see cref="ITrainingStepProbe"/> (mutated as well) when it has
    /// one, so that the run judges the mutant by the same rules as the real binding.
    /// </summary>
    public static MutantOracle Around(IBindingOracle inner, Mutant mutant, string scratchDirectory) =>
        inner is ITrainingStepProbe probe ? new Probing(inner, probe, mutant, scratchDirectory) : new MutantOracle(inner, mutant, scratchDirectory);

    /// <summary>
    /// <paramref name="inner"/> under the decoration named <paramref name="variant"/> (<see cref="BindingVariant.Name"/>, a mutant
    /// of <see cref="MutantCatalog"/>), as a recorded cell names it; <paramref name="inner"/> itself when the name is null or it
    /// already runs under that decoration. Disposing the result disposes only what it created.
    /// </summary>
    /// <exception cref="ArgumentException">No mutant has that name.</exception>
    public static DecoratedBinding Decorate(IBindingOracle inner, string? variant, string scratchDirectory) =>
        variant is null || inner.Binding.Variant?.Name == variant
            ? new DecoratedBinding(inner, null)
            : new DecoratedBinding(null, Around(inner, MutantCatalog.Get(variant), scratchDirectory));

    public Mutant Mutant => mutant;

    /// <summary>The binding's descriptor, with the mutant as its <see cref="BindingDescriptor.Variant"/>.</summary>
    public BindingDescriptor Binding => inner.Binding with { Variant = new BindingVariant(mutant.Name, mutant.Bug, AltersSavedFiles: mutant.Saved is not null) };

    public OracleCapabilities Capabilities => inner.Capabilities;

    public event EventHandler<string>? Progress
    {
        add { if (inner is IReportsProgress reporting) reporting.Progress += value; }
        remove { if (inner is IReportsProgress reporting) reporting.Progress -= value; }
    }

    public BindingAvailability Probe() => inner.Probe();

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        var mutated = mutant.Train(request, scratch);
        var result = mutant.Trained(mutated, await inner.TrainAsync(mutated, cancellationToken));
        foreach (var export in result.Exports) mutant.Saved?.Invoke(export.Format, export.Path, mutated.Model);
        return result;
    }

    /// <summary>
    /// The model at <paramref name="path"/> as this binding would have saved it: a rewritten copy when the mutant's bug
    /// is on save (<see cref="Mutant.Saved"/>), else <paramref name="path"/> itself; so a save bug shows on any good file.
    /// </summary>
    private string SavedCopy(ModelFormat format, string path, Models.ModelSpec model)
    {
        if (mutant.Saved is not { } save) return path;
        var copy = scratch.NewPath(Path.GetFileName(path));
        File.Copy(path, copy);
        save(format, copy, model);
        return copy;
    }

    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        var mutated = mutant.Evaluate(request, scratch);
        return mutant.Evaluated(mutated, await inner.EvaluateAsync(mutated, cancellationToken));
    }

    /// <summary>The layer-by-layer forward pass of the model as this binding would have saved it (<see cref="BindingVariant.AltersSavedFiles"/>).</summary>
    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default)
    {
        var saved = SavedCopy(request.Format, request.Path, request.Model);
        return inner.ActivationsAsync(mutant.Activations(saved == request.Path ? request : request with { Path = saved }, scratch), cancellationToken);
    }

    public async Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        mutant.ProbeRan(request, await inner.RunProbeAsync(request, cancellationToken));

    public ValueTask DisposeAsync()
    {
        scratch.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed class Probing(IBindingOracle inner, ITrainingStepProbe probe, Mutant mutant, string scratchDirectory)
        : MutantOracle(inner, mutant, scratchDirectory), ITrainingStepProbe
    {
        public string? WhyNoStep => probe.WhyNoStep;

        public async Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default)
        {
            var mutated = Mutant.Step(request, scratch);
            return Mutant.Stepped(mutated, await probe.StepAsync(mutated, cancellationToken));
        }
    }
}
