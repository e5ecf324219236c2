using System.Collections.Concurrent;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>
/// One Python worker and one artifact directory for the probe tests: each probe runs once per mode, and its traced,
/// scripted and ONNX captures stay in the directory for the bindings that run them.
/// </summary>
public sealed class HazardProbeRuns : IAsyncLifetime
{
    private readonly ConcurrentDictionary<(string Probe, string Mode), Lazy<Task<ProbeRunResult>>> runs = new();

    public WorkerOracle Python { get; } = ShippedWorkers.Python();

    public string Artifacts { get; } = Directory.CreateTempSubdirectory("hazard-probes-").FullName;

    public ProbeRunRequest Request(string probe, string mode) => new(HazardProbes.Get(probe), mode, Device.Cpu, Artifacts, TimedPasses: 2);

    /// <summary><see cref="Request"/> with <see cref="TrainingSteps"/> timed training steps.</summary>
    public ProbeRunRequest TrainingRequest(string probe, string mode) => Request(probe, mode) with { TrainingPasses = TrainingSteps };

    public const int TrainingSteps = 3;

    /// <summary>Python's eager training steps of <paramref name="probe"/>, made once: the losses every trainable mode must reproduce.</summary>
    public Task<ProbeRunResult> TrainPythonEager(string probe) =>
        runs.GetOrAdd((probe, "eager training"), key => new(() => Python.RunProbeAsync(TrainingRequest(key.Probe, ExecutionMode.Eager)))).Value;

    /// <summary>Python's run of <paramref name="probe"/> in <paramref name="mode"/>, made once.</summary>
    public Task<ProbeRunResult> RunPython(string probe, string mode) =>
        runs.GetOrAdd((probe, mode), key => new(() => Python.RunProbeAsync(Request(key.Probe, key.Mode)))).Value;

    /// <summary>The Python captures of <paramref name="probe"/> (traced, scripted, ONNX, control weights), written once.</summary>
    public async Task Capture(string probe)
    {
        await RunPython(probe, ExecutionMode.Traced);
        await RunPython(probe, ExecutionMode.Scripted);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Python.DisposeAsync();
        Directory.Delete(Artifacts, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class HazardProbeCollection : ICollectionFixture<HazardProbeRuns>
{
    public const string Name = "hazard probes (Python captures)";
}
