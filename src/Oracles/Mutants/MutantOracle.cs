namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// A real binding with one simulated bug (<see cref="Mutant"/>): it keeps the binding's id, capabilities and
/// availability, so the run's matrix is unchanged and only the verdicts can tell. It does not own
/// <paramref name="inner"/> (one real binding serves many mutants); disposing it deletes only its scratch copies.
/// </summary>
public sealed class MutantOracle(IBindingOracle inner, Mutant mutant, string scratchDirectory) : IBindingOracle, IReportsProgress
{
    private readonly MutantScratch scratch = new(scratchDirectory);

    public Mutant Mutant => mutant;

    public BindingDescriptor Binding => inner.Binding;

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
        return mutant.Trained(mutated, await inner.TrainAsync(mutated, cancellationToken));
    }

    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        var mutated = mutant.Evaluate(request, scratch);
        return mutant.Evaluated(mutated, await inner.EvaluateAsync(mutated, cancellationToken));
    }

    public ValueTask DisposeAsync()
    {
        scratch.Dispose();
        return ValueTask.CompletedTask;
    }
}
