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
}
