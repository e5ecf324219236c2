using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.SampleSuite;

/// <summary>
/// An in-memory binding whose results hang together as a real one's do: its training reports step losses and final
/// test logits that its evaluation of the saved files reproduces, so every cell kind of the engine can pass. A
/// <paramref name="lossDrift"/> moves its step losses (a subtle training bug: accuracies and predictions unchanged);
/// a <paramref name="logitScale"/> scales what its evaluation returns (a loader bug: predictions unchanged). It writes
/// a one-tensor safetensors file for each safetensors export and answers the identity probe alike in every binding.
/// </summary>
public sealed class ConsistentOracle(BindingDescriptor binding, OracleCapabilities capabilities, double lossDrift = 0, float logitScale = 1)
    : IBindingOracle, ITrainingStepProbe
{
    public BindingDescriptor Binding => binding;

    public OracleCapabilities Capabilities => capabilities;

    public BindingAvailability Probe() => BindingAvailability.Present(binding, "1.0-consistent", [Device.Cpu]);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        // An epoch's accuracy does not depend on how many epochs follow, as in a real binding (the determinism probe repeats the first).
        double[] accuracy = [.. Enumerable.Range(1, request.Settings.Epochs).Select(e => 0.9 + 0.01 * (1 - Math.Pow(0.5, e)))];
        double[] losses = [.. Enumerable.Range(0, request.Steps).Select(s => (2.0 + request.Seed / 100.0) / (1 + s) * (1 + lossDrift))];
        foreach (var export in request.Exports.Where(e => e.Format == ModelFormat.Safetensors))
            SafetensorsWriter.Write(export.Path, [NamedTensor.FromFloats("w", [0.5f, -0.5f], 2)]);
        var count = request.Data.TestCount;
        return Task.FromResult(new TrainResult(accuracy, accuracy, Correct(count) / (double)count, 1.0 + request.Seed / 10.0, "1.0-consistent", request.Exports)
        {
            StepLosses = losses,
            FinalTestLogits = Logits(count, request.Model.Classes, 1),
        });
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        var count = request.Data.TestCount;
        var passes = Enumerable.Range(0, request.Passes).Select(_ => Logits(count, request.Model.Classes, logitScale)).ToArray();
        return Task.FromResult(new EvaluateResult(count, request.Model.Classes, [.. Enumerable.Repeat(Correct(count), request.Passes)], passes[0],
            [.. Enumerable.Repeat(0.01, request.Passes)]) { PassLogits = passes });
    }

    public string? WhyNoStep => null;

    public Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default)
    {
        var before = SafetensorsReader.Read(request.WeightsPath)["w"].ToFloats();
        return Task.FromResult(new TrainingStepResult([.. Enumerable.Repeat(2.0, request.Steps)], Logits(request.BatchSize, request.Model.Classes, 1),
            [NamedTensor.FromFloats("w", [.. before.Select(w => w - 0.01f * request.Steps)], before.Length)],
            [NamedTensor.FromFloats("w", [.. before.Select(_ => 1f)], before.Length)]));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The first 91 % of the examples score class 0 higher (taken as every example's label).</summary>
    private static int Correct(long count) => (int)(count * 91 / 100);

    private static float[] Logits(long count, int classes, float scale) =>
        [.. Enumerable.Range(0, (int)count).SelectMany(i => Enumerable.Range(0, classes).Select(c => c switch
        {
            0 => i < Correct(count) ? scale : -scale,
            1 => i < Correct(count) ? -scale : scale,
            _ => 0f,
        }))];
}
