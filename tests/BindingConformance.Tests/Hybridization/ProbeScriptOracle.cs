using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Tests.Hybridization;

/// <summary>
/// Test double for harness tests of the hybridization cells: an in-memory binding that runs hazard probes by a script
/// (by default the specified semantics of <see cref="HazardProbes.TensorBranch"/> and <see cref="HazardProbes.SideEffectCounter"/>,
/// a trace freezing the capture case's branch and losing the counter) and records what it was asked. Real-binding
/// behaviour is proven with the real oracles, never with this.
/// </summary>
public sealed class ProbeScriptOracle(BindingDescriptor binding, IReadOnlyList<string> modes, BindingAvailability? availability = null) : IBindingOracle
{
    public BindingDescriptor Binding => binding;

    public OracleCapabilities Capabilities { get; } = new(false, [], [], []) { ExecutionModes = modes };

    /// <summary>The answer to a probe request; by default <see cref="Specified"/>.</summary>
    public Func<ProbeRunRequest, ProbeRunResult> Run { get; set; } = Specified;

    /// <summary>Seconds of each timed pass in a mode; by default 1 ms in every mode, with a small spread.</summary>
    public Func<string, double> PassSeconds { get; set; } = _ => 1e-3;

    /// <summary>Seconds of each timed training step of a control in a mode; by default 1 ms in every mode, with a small spread.</summary>
    public Func<string, double> TrainingPassSeconds { get; set; } = _ => 1e-3;

    /// <summary>Why a mode cannot train; by default every mode can.</summary>
    public Func<string, string?> Untrainable { get; set; } = _ => null;

    public List<ProbeRunRequest> Requests { get; } = [];

    public BindingAvailability Probe() => availability ?? BindingAvailability.Present(binding, "1.0-scripted", [Device.Cpu]);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the probe double does not train");

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the probe double does not evaluate");

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        var result = Run(request);
        var seconds = Enumerable.Range(0, request.TimedPasses).Select(i => PassSeconds(request.Mode) * (1 + 0.001 * i)).ToArray();
        if (result.Incompatible is not null) return Task.FromResult(result);
        result = result with { PassSeconds = seconds };
        if (request.TrainingPasses == 0) return Task.FromResult(result);
        if (Untrainable(request.Mode) is { } why) return Task.FromResult(result with { Untrainable = why });
        var training = Enumerable.Range(0, request.TrainingPasses).Select(i => TrainingPassSeconds(request.Mode) * (1 + 0.001 * i)).ToArray();
        return Task.FromResult(result with { TrainingPassSeconds = training, TrainingLosses = [.. training.Select((_, i) => 2.3 - 0.1 * i)] });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// tensor-branch: <c>x * 2</c> when <c>x.sum() &gt; 0</c>, else <c>x - 1</c>; traced takes the capture case's branch for
    /// every case. side-effect-counter: <c>x + 1</c>, one count per case, none when traced. Other modes compute what eager does.
    /// </summary>
    public static ProbeRunResult Specified(ProbeRunRequest request)
    {
        var probe = request.Probe;
        var traced = request.Mode is ExecutionMode.Traced or ExecutionMode.Onnx;
        var capturePositive = probe.Cases[0].ToFloats().Sum() > 0;
        var outputs = probe.Cases.Select(c =>
        {
            var x = c.ToFloats();
            var positive = traced ? capturePositive : x.Sum() > 0;
            var y = probe.Name == HazardProbes.TensorBranch
                ? x.Select(v => positive ? v * 2 : v - 1).ToArray()
                : x.Select(v => v + 1).ToArray();
            return NamedTensor.FromFloats(c.Name, y, [.. c.Shape]);
        }).ToArray();
        long? sideEffects = probe.Name == HazardProbes.SideEffectCounter ? (traced ? 0 : probe.Cases.Count) : null;
        IReadOnlyList<string> diagnostics = traced && probe.Name == HazardProbes.TensorBranch
            ? ["TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect."]
            : [];
        return new ProbeRunResult(null, outputs, diagnostics, sideEffects, []);
    }
}
