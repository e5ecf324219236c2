using System.Collections.Concurrent;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// The one engine both front ends (<c>conformance run</c> and the xunit suites) run cells through: the work that
/// several cells share — a binding's training, its own file's evaluation, the identity probe, a probe's run in a mode,
/// a family of measurements — computed once per engine and reused, so that a cell gets the same verdict and metrics
/// whichever front end asks for it and in whatever order. Each kind's executor (<see cref="CellKind.Executor"/>)
/// judges its cells over this work.
/// </summary>
public sealed class CellEngine
{
    private readonly ConcurrentDictionary<(string Model, string Binding, string Device), Lazy<Task<TrainingOutcome>>> trainings = new();
    private readonly ConcurrentDictionary<(string Model, string Binding, string Device), Lazy<Task<OwnOutcome>>> owns = new();
    private readonly ConcurrentDictionary<object, Lazy<Task<object>>> shared = new();
    private readonly TrainingStage stage;

    public CellEngine(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
    {
        Registry = registry;
        Plan = plan;
        Progress = progress;
        stage = new TrainingStage(plan, registry, progress);
        Probes = new ProbeRuns(this);
    }

    public OracleRegistry Registry { get; }

    public RunPlan Plan { get; }

    public IProgress<string> Progress { get; }

    /// <summary>Every hazard probe's run in every mode of every binding, computed once.</summary>
    public ProbeRuns Probes { get; }

    /// <summary>The planned model named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The plan has no such model.</exception>
    public PlannedModel Model(string name) =>
        Plan.Models.FirstOrDefault(m => m.Spec.Name == name)
        ?? throw new ArgumentException($"the plan has no model '{name}'; it has: {string.Join(", ", Plan.Models.Select(m => m.Spec.Name))}");

    /// <summary>
    /// Every model of <paramref name="subjects"/> × binding × device of the plan, default bindings first so that everything
    /// else is compared with runs that exist: where a model-subject kind's cells sit, one per binding and device.
    /// </summary>
    public IEnumerable<(PlannedModel Model, IBindingOracle Oracle, string Device)> BindingsOnDevices(IReadOnlyList<string> subjects) =>
        from model in subjects.Select(Model)
        from oracle in CellReferences.ReferencesFirst(Registry.Oracles)
        from device in Plan.Devices
        select (model, oracle, device);

    /// <summary>
    /// <paramref name="compute"/>'s result for <paramref name="key"/>, computed once per engine: what an executor shares
    /// between its cells (a judged training, a family of measurements, an identity probe).
    /// </summary>
    public async Task<T> SharedAsync<T>(object key, Func<Task<T>> compute) where T : class =>
        (T)await shared.GetOrAdd(key, _ => new(async () => (object)await compute())).Value;

    /// <summary>
    /// Every cell of every kind whose subject is <paramref name="axis"/> (<see cref="CellKinds.Of"/>), for <paramref name="subjects"/>,
    /// kind by kind in run order: what a run records for one model, or for the plan's probes.
    /// </summary>
    public async IAsyncEnumerable<CellResult> RunAsync(SubjectAxis axis, IReadOnlyList<string> subjects,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var kind in CellKinds.Of(axis))
            await foreach (var cell in kind.Executor.RunAsync(kind, this, subjects, cancellationToken))
                yield return cell;
    }

    /// <summary>Why <paramref name="oracle"/> cannot run on <paramref name="device"/> here (an absent binding or device), or null.</summary>
    public string? WhyAbsent(IBindingOracle oracle, string device) => Registry.Availability(oracle.Binding.Id).WhyNot(device);

    /// <summary>A binding's training of a model on a device (every seed and the determinism probe), computed once.</summary>
    public Task<TrainingOutcome> TrainingAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        trainings.GetOrAdd((model.Spec.Name, oracle.Binding.Id, device),
            _ => new(() => TrainAsync(model, oracle, device, cancellationToken))).Value;

    private async Task<TrainingOutcome> TrainAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var skip = WhyAbsent(oracle, device)
                   ?? oracle.Capabilities.WhyCannotTrain(id, model.Spec)
                   ?? model.TrainingSkips.GetValueOrDefault(id);
        if (skip is not null) return TrainingOutcome.Skipped(skip);

        // The bindings a training is compared with train first, so a run's progress reads in order.
        foreach (var reference in CellReferences.ComparedCandidates(Registry, oracle))
            if ((await TrainingAsync(model, reference, device, cancellationToken)).Evidence is not null) break;
        var seeds = model.SeedsFor(id);
        var completed = 0;
        try
        {
            var (runs, repeat, recalled) = await stage.TrainAsync(model, oracle, device, seeds, n => completed = n, cancellationToken);
            return new TrainingOutcome(new TrainedModel(oracle, device, runs), new TrainingEvidence(id, device, seeds, runs, repeat)) { Recalled = recalled };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TrainingOutcome.Failed($"training failed: {e.Message}", completed);
        }
    }

    /// <summary>A binding's own file evaluated by that binding, computed once: what every evaluation of its trained model is compared with.</summary>
    public Task<OwnOutcome> OwnAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        owns.GetOrAdd((model.Spec.Name, oracle.Binding.Id, device), _ => new(() => EvaluateOwnAsync(model, oracle, device, cancellationToken))).Value;

    private async Task<OwnOutcome> EvaluateOwnAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken)
    {
        var training = await TrainingAsync(model, oracle, device, cancellationToken);
        if (training.Trained is not { } trained) return new OwnOutcome(null) { Untrained = training.WhyNot };
        var id = oracle.Binding.Id;
        var export = trained.Exports.FirstOrDefault(e => oracle.Capabilities.LoadFormats.Contains(e.Format));
        if (export is null)
            return new OwnOutcome(null) { Error = $"{id} saved no file in a format it can load itself, so cross-loaded predictions have nothing to be compared with" };
        var run = trained.Runs[0];
        var fromTraining = InferenceExpectation.FromTraining(run, model.Data.TestCount, model.Spec.Classes, id);
        EvaluateResult result;
        try
        {
            Progress.Report($"own {model.Spec.Name}: {id} loads its own {export.Format.WireName()} file");
            result = await oracle.EvaluateAsync(new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device) { TimeLimit = Plan.CellTimeout }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new OwnOutcome(export) { Expected = fromTraining, Error = $"{id} cannot evaluate its own {export.Format.WireName()} file {export.Path}: {e.Message}" };
        }
        // Without the trained model's logits, the own file is held to the trained model's accuracy and to its own first pass.
        var expected = fromTraining ?? InferenceExpectation.FromEvaluation(result, id) with
        {
            Correct = (int)Math.Round(run.FinalTestAccuracy * result.Count),
            Origin = $"{id}'s final test accuracy and its own first pass",
        };
        return new OwnOutcome(export)
        {
            Result = result,
            Verdict = InferenceVerdict.Judge(expected, result, Plan.Rules),
            Expected = fromTraining ?? InferenceExpectation.FromEvaluation(result, id),
        };
    }
}
