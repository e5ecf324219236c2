namespace BindingConformance.Oracles.Planned;

/// <summary>
/// A binding that is part of the design but has no adapter that can run here. Its probe is real (it
/// looks for the binding on this machine); training and evaluation always fail with the probe's reason,
/// so it can never be mistaken for a working binding.
/// </summary>
public abstract class PlannedBindingOracle : IBindingOracle
{
    public abstract BindingDescriptor Binding { get; }

    public OracleCapabilities Capabilities { get; } = new(false, [], [], []);

    public abstract BindingAvailability Probe();

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OracleException Unavailable() => new($"{Binding.Id} not available: {Probe().Reason}");
}
