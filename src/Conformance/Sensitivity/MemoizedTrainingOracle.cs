using BindingConformance.Oracles;

namespace BindingConformance.Sensitivity;

/// <summary>
/// A binding whose training is answered from a <see cref="TrainingMemo"/> when the same request was trained before
/// (files copied to where they are asked for; the reported times are the first training's). Evaluation always runs.
/// It does not own <paramref name="inner"/>.
/// </summary>
public sealed class MemoizedTrainingOracle(IBindingOracle inner, TrainingMemo memo) : IBindingOracle, IReportsProgress
{
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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
