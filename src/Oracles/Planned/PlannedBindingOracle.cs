using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Planned;

/// <summary>
/// A binding that is part of the design but has no adapter that can run here. Its probe is real (it
/// looks for the binding on this machine); training and evaluation always fail with the probe's reason,
/// so it can never be mistaken for a working binding. Its capabilities are the design's, so that its
/// cells exist and are skipped because the binding is absent, not because it "cannot" do them.
/// </summary>
public abstract class PlannedBindingOracle(IReadOnlyList<ModelFormat> formats) : IBindingOracle
{
    public abstract BindingDescriptor Binding { get; }

    public OracleCapabilities Capabilities { get; } = new(CanTrain: true, ModelZoo.Names, formats, formats) { LayerKinds = LayerKind.All };

    public abstract BindingAvailability Probe();

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OracleException Unavailable() => new($"{Binding.Id} not available: {Probe().Reason}");
}
