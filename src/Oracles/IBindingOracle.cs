using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles;

/// <summary>
/// One adapter per binding: trains a binding-neutral model spec on the shared data, saves it, and loads
/// models saved by other bindings to evaluate them. In-process and worker-process oracles look the same.
/// </summary>
public interface IBindingOracle : IAsyncDisposable
{
    BindingDescriptor Binding { get; }

    OracleCapabilities Capabilities { get; }

    /// <summary>Probes for real (loads the native library, starts the interpreter); never throws.</summary>
    BindingAvailability Probe();

    Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default);

    Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every layer's output on one batch, for the formats in <see cref="OracleCapabilities.ActivationFormats"/>: what
    /// localises a divergence to its first layer.
    /// </summary>
    Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{Binding.Id} does not report intermediate activations");

    /// <summary>One hazard probe in one of the binding's <see cref="OracleCapabilities.ExecutionModes"/>.</summary>
    Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{Binding.Id} runs no hazard probes");
}
