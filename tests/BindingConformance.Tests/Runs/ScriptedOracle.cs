using BindingConformance.Oracles;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// Test double for harness tests of the runner: an in-memory oracle that answers every train and evaluate
/// request from a script (or throws what the script throws), writes nothing, and records what it was asked.
/// Real-binding behaviour is proven with the real oracles, never with this.
/// </summary>
public sealed class ScriptedOracle(
    BindingDescriptor binding,
    OracleCapabilities capabilities,
    BindingAvailability? availability = null) : IBindingOracle
{
    public BindingDescriptor Binding => binding;

    public OracleCapabilities Capabilities => capabilities;

    /// <summary>The answer to a train request; by default a run that learned (final accuracy 0.95).</summary>
    public Func<TrainRequest, TrainResult> Train { get; init; } = request => Learned(request, 0.95);

    /// <summary>The answer to an evaluate request; by default 95 of 100 correct on every pass.</summary>
    public Func<EvaluateRequest, EvaluateResult> Evaluate { get; init; } = _ => Evaluation([95, 95, 95, 95, 95]);

    public List<TrainRequest> TrainRequests { get; } = [];

    public List<EvaluateRequest> EvaluateRequests { get; } = [];

    public BindingAvailability Probe() => availability ?? BindingAvailability.Present(binding, "1.0-scripted", [Device.Cpu]);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        TrainRequests.Add(request);
        return Task.FromResult(Train(request));
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        EvaluateRequests.Add(request);
        return Task.FromResult(Evaluate(request));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A training run whose train and test curves rise linearly to <paramref name="final"/> over <see cref="RisingEpochs"/>
    /// epochs, exporting what was asked. An epoch's accuracy does not depend on how many epochs follow, as in a real
    /// binding, so the determinism probe's repeat of the first epoch reproduces it.
    /// </summary>
    public static TrainResult Learned(TrainRequest request, double final)
    {
        var curve = Enumerable.Range(1, request.Settings.Epochs).Select(e => final * Math.Min(e, RisingEpochs) / RisingEpochs).ToArray();
        return new TrainResult(curve, curve, final, 1.0, "1.0-scripted", request.Exports);
    }

    public const int RisingEpochs = 3;

    public static TrainResult WithCurve(TrainRequest request, double[] trainAccuracy, double final) =>
        new(trainAccuracy, trainAccuracy, final, 1.0, "1.0-scripted", request.Exports);

    /// <summary>An evaluation of 100 examples with 2 classes; logits are all <paramref name="logit"/>.</summary>
    public static EvaluateResult Evaluation(int[] correctPerPass, float logit = 0.5f) =>
        new(100, 2, correctPerPass, Enumerable.Repeat(logit, 200).ToArray(), correctPerPass.Select(_ => 0.01).ToArray());
}
