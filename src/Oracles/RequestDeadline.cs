using System.Globalization;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>
/// How long one train or evaluate request may run (<see cref="Total"/>) and how long its binding may go
/// without a sign of life (<see cref="Silence"/>: no progress frame, no byte) before the cell fails as timed
/// out or stalled. Derived from the request's plan unless the request sets <c>TimeLimit</c>
/// (<c>conformance run --cell-timeout</c>), which replaces both.
/// </summary>
/// <remarks>
/// The derived limit is sized for the slowest binding that trains here, pure-JavaScript TensorFlow.js, so that
/// no binding that works is cut off: per example, training costs about 160 ns per forward multiply-accumulate
/// of the model (<see cref="ModelCost"/>; src/Oracles/Tfjs/README.md measured 22 ms for LeNet-1's 136,320 and
/// 65 ms for LeNet-5's 416,520) and inference about 6 ns (0.8 ms and 1.4 ms). A request gets
/// <see cref="Margin"/> times that, plus <see cref="Floor"/> for starting the worker, reading the dataset and
/// writing exports. Training reports progress once per epoch, so its silence limit is the floor plus one
/// epoch's share; evaluation sends nothing until its reply, so its silence limit is its whole limit.
/// </remarks>
/// <param name="Basis">How the limits were set, quoted in the failure message.</param>
public sealed record RequestDeadline(TimeSpan Total, TimeSpan? Silence, string Basis)
{
    /// <summary>Startup, dataset loading and exports, which do not scale with epochs or examples.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMinutes(2);

    /// <summary>Headroom over the measured costs for a loaded or slower machine (CI wall time ran 1.3× CPU time).</summary>
    public const double Margin = 4;

    /// <summary>The longest limit a timer can hold (about 24.8 days of milliseconds); longer plans are cut to it.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue);

    private const double TrainingSecondsPerMac = 160e-9;
    private const double InferenceSecondsPerMac = 6e-9;

    /// <summary>The limit of <paramref name="request"/>: its <see cref="TrainRequest.TimeLimit"/>, else derived from its plan.</summary>
    public static RequestDeadline For(TrainRequest request)
    {
        if (request.TimeLimit is { } fixedLimit) return Fixed(fixedLimit);
        var macs = MacsOf(request.Model);
        var data = request.Data;
        // One epoch trains on every training example, then measures accuracy on both splits.
        var epoch = Margin * macs * (data.TrainCount * TrainingSecondsPerMac + (data.TrainCount + data.TestCount) * InferenceSecondsPerMac);
        var epochs = request.Settings.Epochs;
        return new(Cap(Floor + Seconds(epochs * epoch)), Cap(Floor + Seconds(epoch)),
            $"derived from {epochs} epoch(s) × {Count(data.TrainCount)} examples of {request.Model.Name}");
    }

    /// <summary>The limit of <paramref name="request"/>: its <see cref="EvaluateRequest.TimeLimit"/>, else derived from its plan.</summary>
    public static RequestDeadline For(EvaluateRequest request)
    {
        if (request.TimeLimit is { } fixedLimit) return Fixed(fixedLimit);
        // The passes plus one untimed warm-up pass over the test split.
        var passes = request.Passes + 1;
        var total = Floor + Seconds(Margin * passes * request.Data.TestCount * MacsOf(request.Model) * InferenceSecondsPerMac);
        return new(Cap(total), null, $"derived from {passes} pass(es) × {Count(request.Data.TestCount)} test examples of {request.Model.Name}");
    }

    /// <summary>One forward pass, backward pass and optimizer step on one batch: the floor covers it.</summary>
    public static RequestDeadline For(TrainingStepRequest request) =>
        new(Floor, null, $"one training step of {request.Model.Name} on {Count((int)request.Inputs.Shape[0])} examples");

    /// <summary>A hazard probe's models are tiny or the zoo's untrained ones on a few examples: the floor covers capture and every case.</summary>
    public static RequestDeadline For(Hybridization.ProbeRunRequest request) =>
        request.TimeLimit is { } fixedLimit ? Fixed(fixedLimit)
        : new(Floor, null, $"hazard probe {request.Probe.Name} in mode {request.Mode}, {request.Probe.Cases.Count} case(s) and {request.TimedPasses} timed pass(es)");

    /// <summary>One forward pass on one batch: its <see cref="ActivationsRequest.TimeLimit"/>, else the floor, which covers it.</summary>
    public static RequestDeadline For(ActivationsRequest request) =>
        request.TimeLimit is { } fixedLimit ? Fixed(fixedLimit)
        : new(Floor, null, $"one forward pass of {request.Model.Name} on {Count((int)request.Inputs.Shape[0])} examples");

    /// <summary>One limit for the whole request and no separate silence limit (probes, <c>--cell-timeout</c>).</summary>
    public static RequestDeadline Fixed(TimeSpan limit) =>
        limit > TimeSpan.Zero && limit <= Longest
            ? new(limit, null, "set for this request")
            : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"a time limit must be positive and at most {Longest.TotalSeconds:0} s");

    /// <summary>The silence limit when it is shorter than the whole limit, else null (the whole limit alone applies).</summary>
    public TimeSpan? StallLimit => Silence is { } silence && silence < Total ? silence : null;

    /// <summary>"timed out after 20 s (set for this request)"; seconds without a fraction above 10 s.</summary>
    public string DescribeTimeout() => $"timed out after {Describe(Total)} ({Basis})";

    /// <summary>"stalled, sending nothing for 300 s (derived from …)".</summary>
    public string DescribeStall() => $"stalled, sending nothing for {Describe(StallLimit ?? Total)} ({Basis})";

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds >= 10 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, Longest.TotalSeconds));

    private static TimeSpan Cap(TimeSpan span) => span < Longest ? span : Longest;

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The model's forward cost, or 0 when its layers' shapes do not chain: the binding then refuses the request at once,
    /// in its own words, which name the data the model does not fit; the floor covers that.
    /// </summary>
    private static double MacsOf(ModelSpec model)
    {
        try { return ModelCost.ForwardMacs(model); }
        catch (ModelShapeException) { return 0; }
    }
}
