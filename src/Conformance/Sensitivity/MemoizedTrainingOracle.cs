using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Sensitivity;

/// <summary>
/// A binding whose training is answered from a <see cref="TrainingMemo"/> when the same request was trained before
/// (files copied to where they are asked for; the reported times are the first training's). Evaluation always runs.
/// It does not own <paramref name="inner"/>. <see cref="Around"/> keeps the binding's identity probe (never memoised).
/// </summary>
public class MemoizedTrainingOracle(IBindingOracle inner, TrainingMemo memo) : IBindingOracle, IReportsProgress
{
    /// <summary><paramref name="inner"/> with memoised training, offering its <see cref="ITrainingStepProbe"/> when it has one.</summary>
    public static MemoizedTrainingOracle Around(IBindingOracle inner, TrainingMemo memo) =>
        inner is ITrainingStepProbe probe ? new Probing(inner, probe, memo) : new MemoizedTrainingOracle(inner, memo);

    private EventHandler<string>? recalled;

    public BindingDescriptor Binding => inner.Binding;

    public OracleCapabilities Capabilities => inner.Capabilities;

    public event EventHandler<string>? Progress
    {
        add
        {
            recalled += value;
            if (inner is IReportsProgress reporting) reporting.Progress += value;
        }
        remove
        {
            recalled -= value;
            if (inner is IReportsProgress reporting) reporting.Progress -= value;
        }
    }

    public BindingAvailability Probe() => inner.Probe();

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        if (memo.TryRecall(Binding.Id, request, out var remembered))
        {
            recalled?.Invoke(this, $"training memoised: the same request was trained earlier in this study (seed {request.Seed})");
            return remembered;
        }
        var result = await inner.TrainAsync(request, cancellationToken);
        memo.Remember(Binding.Id, request, result);
        return result;
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        inner.EvaluateAsync(request, cancellationToken);

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        inner.ActivationsAsync(request, cancellationToken);

    /// <summary>Probes always run: their captures are written into each run's own artifact folder.</summary>
    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        inner.RunProbeAsync(request, cancellationToken);

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed class Probing(IBindingOracle inner, ITrainingStepProbe probe, TrainingMemo memo) : MemoizedTrainingOracle(inner, memo), ITrainingStepProbe
    {
        public Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default) =>
            probe.StepAsync(request, cancellationToken);
    }
}
