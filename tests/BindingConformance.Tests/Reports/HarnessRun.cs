using BindingConformance.Caching;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Shards;
using BindingConformance.Tests.Hybridization;
using BindingConformance.Tests.Repro;
using BindingConformance.Tests.Runs;

namespace BindingConformance.Tests.Reports;

/// <summary>
/// A whole run through <see cref="ConformanceRunner"/> with in-memory bindings, for the tests of what is built on finished runs
/// (the HTML report, shards and merge, the run cache, diff): a reference and a port of one framework that train LeNet-1 (every
/// seed with its curves, step losses and a training time that grows with the seed), save, load and localise by layer
/// (<see cref="LayeredOracle"/>), and run hazard probes in their modes (<see cref="ProbeScriptOracle"/>). Real-binding
/// behaviour is proven with the real oracles, never with this.
/// </summary>
public static class HarnessRun
{
    public static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    public static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);

    public static readonly string[] Models = [ModelZoo.LeNet1, ModelZoo.LeNet5];

    public static readonly string[] Probes = [HazardProbes.TensorBranch, HazardProbes.SideEffectCounter, ModelZoo.LeNet1];

    /// <summary>The reference binding of a harness run.</summary>
    public static HarnessBinding ReferenceBinding() =>
        new(new LayeredOracle(Reference), new ProbeScriptOracle(Reference, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]), trainingSeconds: 2.0);

    /// <summary>The port; <paramref name="faulty"/> evaluates the reference's files wrongly and shifts conv1 (its cross-loads fail, with repro bundles).</summary>
    public static HarnessBinding PortBinding(bool faulty = false) =>
        new(faulty
                ? new LayeredOracle(Port, "conv1", 0.25f)
                {
                    Evaluate = request => ScriptedOracle.Evaluation(request.Path.Contains(Reference.Id) ? [50, 50, 50, 50, 50] : [95, 95, 95, 95, 95]),
                }
                : new LayeredOracle(Port),
            new ProbeScriptOracle(Port, [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted]), trainingSeconds: 1.0);

    /// <summary>
    /// Runs the harness plan (both models, three seeds, the probes) into <paramref name="output"/>, or the shard
    /// <paramref name="shard"/> (<c>i/n</c>) of it, with approved hybridization behaviour read from <paramref name="approved"/>.
    /// Every report it writes, a shard's included, is checked against docs/report.schema.json.
    /// </summary>
    public static async Task<RunReport> RunAsync(string output, string approved, IBindingOracle[] oracles, string? shard = null, TrainingCache? cache = null)
    {
        var cut = shard is null ? null : RunShard.Parse(shard, Models, Probes);
        var plan = new RunPlan("smoke", (cut?.Models ?? Models).Select(Planned).ToArray(), [Device.Cpu], output)
        {
            Probes = cut?.Probes ?? Probes,
            ApprovedDirectory = approved,
            Shard = cut,
            Cache = cache,
        };
        var report = await new ConformanceRunner(new OracleRegistry(oracles), plan, new Progress<string>()).RunAsync(CancellationToken.None);
        ReportSchema.ShouldValidateFile(output);
        return report;
    }

    private static PlannedModel Planned(string model) =>
        new(ModelZoo.Get(model), new DatasetRef(DatasetNames.Mnist, CompareCommandTests.Mnist, 100, 128), new TrainingSettings(Epochs: 3, BatchSize: 32),
            [1, 2, 3], MinimumTestAccuracy: 0.9, new Dictionary<string, string>());
}

/// <summary>
/// A harness binding: training, evaluation and activations from <paramref name="trainer"/> (each run given step losses that fall
/// with the step, and a training time of <paramref name="trainingSeconds"/> + seed / 10), hazard probes from <paramref name="prober"/>.
/// It records how many trainings it was asked for.
/// </summary>
public sealed class HarnessBinding(IBindingOracle trainer, ProbeScriptOracle prober, double trainingSeconds) : IBindingOracle
{
    public BindingDescriptor Binding => trainer.Binding;

    public OracleCapabilities Capabilities => trainer.Capabilities with { ExecutionModes = prober.Capabilities.ExecutionModes };

    public int Trainings { get; private set; }

    public BindingAvailability Probe() => trainer.Probe();

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        Trainings++;
        var result = await trainer.TrainAsync(request, cancellationToken);
        return result with
        {
            StepLosses = Enumerable.Range(0, request.Steps).Select(i => 2.3 / (1 + 0.05 * i) + 0.01 * request.Seed).ToArray(),
            TrainingSeconds = trainingSeconds + request.Seed / 10.0,
        };
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => trainer.EvaluateAsync(request, cancellationToken);

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        trainer.ActivationsAsync(request, cancellationToken);

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) => prober.RunProbeAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
