using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.TimeAccounting;

/// <summary>
/// A binding as a run calls it: every call's wall time goes into the run's <see cref="ComputeLedger"/>, so the report can
/// say how much of the run was the binding's own compute and how much the harness's. It changes nothing a call does or
/// returns, and does not own <paramref name="inner"/>. <see cref="Around"/> keeps the binding's identity probe.
/// </summary>
public class MeteredOracle(IBindingOracle inner, ComputeLedger ledger) : IBindingOracle, IReportsProgress
{
    /// <summary><paramref name="inner"/>, metered, offering its <see cref="ITrainingStepProbe"/> when it has one.</summary>
    public static MeteredOracle Around(IBindingOracle inner, ComputeLedger ledger) =>
        inner is ITrainingStepProbe probe ? new Probing(inner, probe, ledger) : new MeteredOracle(inner, ledger);

    protected ComputeLedger Ledger { get; } = ledger;

    public BindingDescriptor Binding => inner.Binding;

    public OracleCapabilities Capabilities => inner.Capabilities;

    public event EventHandler<string>? Progress
    {
        add { if (inner is IReportsProgress reporting) reporting.Progress += value; }
        remove { if (inner is IReportsProgress reporting) reporting.Progress -= value; }
    }

    public BindingAvailability Probe() => Ledger.Time(Binding.Id, ComputeUse.Startup, inner.Probe);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        Ledger.TimeAsync(Binding.Id, ComputeUse.Training, () => inner.TrainAsync(request, cancellationToken));

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        Ledger.TimeAsync(Binding.Id, ComputeUse.Evaluation, () => inner.EvaluateAsync(request, cancellationToken));

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        Ledger.TimeAsync(Binding.Id, ComputeUse.Evaluation, () => inner.ActivationsAsync(request, cancellationToken));

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        Ledger.TimeAsync(Binding.Id, ComputeUse.Probes, () => inner.RunProbeAsync(request, cancellationToken));

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed class Probing(IBindingOracle inner, ITrainingStepProbe probe, ComputeLedger ledger) : MeteredOracle(inner, ledger), ITrainingStepProbe
    {
        public string? WhyNoStep => probe.WhyNoStep;

        public Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default) =>
            Ledger.TimeAsync(Binding.Id, ComputeUse.Training, () => probe.StepAsync(request, cancellationToken));
    }
}
