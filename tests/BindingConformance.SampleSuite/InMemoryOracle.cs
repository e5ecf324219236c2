using BindingConformance.Oracles;

namespace BindingConformance.SampleSuite;

/// <summary>
/// An oracle whose training curves are a fixed function of the seed plus <paramref name="curveShift"/>,
/// so a suite can hold identical and deliberately divergent bindings without training anything.
/// </summary>
public sealed class InMemoryOracle(
    BindingDescriptor binding,
    OracleCapabilities capabilities,
    BindingAvailability availability,
    double curveShift = 0,
    double secondsScale = 1) : IBindingOracle
{
    public const int Epochs = 5;
    public const int TestCount = 1000;

    public BindingDescriptor Binding => binding;

    public OracleCapabilities Capabilities => capabilities;

    public BindingAvailability Probe() => availability;

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        // Below 1 for every seed and shift used, so a shifted curve is the reference curve plus the shift exactly.
        double[] test = [.. Enumerable.Range(0, Epochs).Select(e => 0.8 - 0.4 * Math.Exp(-e) + 0.002 * request.Seed + curveShift)];
        double[] train = [.. test.Select(a => a + 0.01)];
        return Task.FromResult(new TrainResult(train, test, test[^1], secondsScale * (10 + request.Seed), availability.Version ?? "", []));
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        var correct = (int)Math.Round((0.98 - curveShift / 10) * TestCount);
        return Task.FromResult(new EvaluateResult(
            TestCount, 10, [.. Enumerable.Repeat(correct, request.Passes)], new float[TestCount * 10], [.. Enumerable.Repeat(0.5 * secondsScale, request.Passes)]));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
