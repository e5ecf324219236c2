namespace BindingConformance.Oracles.Hybridization;

/// <summary>
/// Run <see cref="Probe"/> in one execution mode of a binding: build or load it, capture it on its first case where the
/// mode captures, run every case once, then time <see cref="TimedPasses"/> runs of the first case after one warm-up.
/// </summary>
/// <param name="Mode">One of the binding's <see cref="OracleCapabilities.ExecutionModes"/>.</param>
/// <param name="ArtifactDirectory">
/// Where captures are written and read, shared by every binding of a run: the capturing binding writes
/// <c>{probe}.traced.pt</c>, <c>{probe}.scripted.pt</c>, <c>{probe}.onnx</c> and, for controls, <c>{probe}.safetensors</c>
/// (the initial weights every binding's eager mode loads); bindings that run another's capture read them.
/// </param>
public sealed record ProbeRunRequest(HazardProbe Probe, string Mode, string Device, string ArtifactDirectory, int TimedPasses = 10)
{
    /// <summary>Longest the request may run before it fails as timed out; null derives it from the plan (<see cref="RequestDeadline"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Timed training steps of the first case after one warm-up step, for a control probe in a mode whose module can be
    /// trained: forward, cross-entropy against the labels <c>i mod classes</c>, backward, a step of the spec's optimizer;
    /// 0 for none. They run after the cases and the inference passes, so they change nothing those report.
    /// </summary>
    public int TrainingPasses { get; init; }
}
