using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// Test double: <paramref name="inner"/> as a binding that runs its released versions side by side (<see cref="IReleasedBinding"/>),
/// each made by <paramref name="release"/>, as a manifest's worker binding does for real (ReleasesSideBySideTests).
/// </summary>
public sealed class ReleasingOracle(IBindingOracle inner, Func<string, IBindingOracle> release) : IBindingOracle, IReleasedBinding
{
    public BindingDescriptor Binding => inner.Binding;

    public OracleCapabilities Capabilities => inner.Capabilities;

    public BindingAvailability Probe() => inner.Probe();

    public IBindingOracle Release(string version) => release(version);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) => inner.TrainAsync(request, cancellationToken);

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => inner.EvaluateAsync(request, cancellationToken);

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        inner.ActivationsAsync(request, cancellationToken);

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) => inner.RunProbeAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
