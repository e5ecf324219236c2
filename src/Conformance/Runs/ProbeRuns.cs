using System.Collections.Concurrent;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Runs;

/// <summary>
/// Every hazard probe's run in every execution mode of every binding that an engine's cells need, each computed once and
/// shared by the cells that judge it (docs/hybridization.md). A binding other than the capturer first waits for the
/// capturer's runs of the probe in all its modes, so that the captures it loads are on disk.
/// </summary>
public sealed class ProbeRuns(CellEngine engine)
{
    /// <summary>The folder under the run's output holding each device's probe captures.</summary>
    public const string ArtifactFolder = "probe-artifacts";

    private readonly ConcurrentDictionary<(string Probe, string Binding, string Mode, string Device), Lazy<Task<ProbeOutcome>>> runs = new();

    /// <summary>Where the captures of <paramref name="device"/>'s probe runs lie.</summary>
    public string ArtifactDirectory(string device) => Path.Combine(engine.Plan.OutputDirectory, ArtifactFolder, device);

    /// <summary>Whether the plan times a training step of <paramref name="probe"/> (a control it lists).</summary>
    public bool Trains(HazardProbe probe) =>
        probe.IsControl && engine.Plan.ProbeTrainingPasses > 0 && engine.Plan.ProbeTrainingControls.Contains(probe.Name);

    /// <summary>
    /// Why <paramref name="oracle"/> cannot run probes in <paramref name="mode"/> on <paramref name="device"/> here (a mode it
    /// lacks, an absent binding or device, captures that cannot be made), or null.
    /// </summary>
    public string? WhyNot(IBindingOracle oracle, string device, string mode)
    {
        var id = oracle.Binding.Id;
        if (oracle.Capabilities.WhyNoExecutionMode(id, mode) is { } noMode) return noMode;
        if (engine.WhyAbsent(oracle, device) is { } absent) return absent;
        var capturer = CellReferences.Capturer(engine.Registry);
        if (oracle == capturer) return null;
        return capturer is null
            ? $"{id} runs other bindings' captures, and no default binding here traces the probes"
            : engine.WhyAbsent(capturer, device) is { } noCaptures
                ? $"{id} runs {capturer.Binding.Id}'s captures, which cannot be made here: {noCaptures}"
                : null;
    }

    /// <summary>One probe in one mode of one binding, computed once.</summary>
    public Task<ProbeOutcome> RunAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken) =>
        runs.GetOrAdd((probe.Name, oracle.Binding.Id, mode, device), _ => new(() => RunOnceAsync(probe, oracle, mode, device, cancellationToken))).Value;

    private async Task<ProbeOutcome> RunOnceAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken)
    {
        if (CellReferences.Capturer(engine.Registry) is { } capturer && oracle != capturer)
            foreach (var captureMode in capturer.Capabilities.ExecutionModes)
                await RunAsync(probe, capturer, captureMode, device, cancellationToken);
        var artifacts = ArtifactDirectory(device);
        try
        {
            engine.Progress.Report($"probe {probe.Name}: {oracle.Binding.Id} ({mode}, {device})");
            Directory.CreateDirectory(artifacts);
            var request = new ProbeRunRequest(probe, mode, device, artifacts, engine.Plan.ProbeTimedPasses)
            {
                TimeLimit = engine.Plan.CellTimeout,
                TrainingPasses = Trains(probe) ? engine.Plan.ProbeTrainingPasses : 0,
            };
            return new ProbeOutcome(await oracle.RunProbeAsync(request, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ProbeOutcome(null, e.Message);
        }
    }
}
