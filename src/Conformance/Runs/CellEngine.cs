using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// The one engine both front ends (<c>conformance run</c> and the xunit suites) run cells through: each cell kind has
/// one executor here and one verdict in <see cref="BindingConformance.Verdicts"/>. What several cells share (a
/// binding's training, its own evaluation, the identity probe) is computed once per engine and reused, so a cell gets
/// the same verdict and metrics whichever front end asks for it and in whatever order.
/// </summary>
public sealed class CellEngine(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
{
    private readonly ConcurrentDictionary<(string Model, string Binding, string Device), Lazy<Task<TrainingOutcome>>> trainings = new();
    private readonly ConcurrentDictionary<(string Model, string Binding, string Device), Lazy<Task<OwnOutcome>>> owns = new();
    private readonly TrainingStage stage = new(plan, progress);
    private readonly IdentityProbe identity = new(progress, plan.Rules);

    public RunPlan Plan => plan;

    /// <summary>The training cell of <paramref name="oracle"/>: skipped with the reason, failed, or judged by <see cref="TrainingVerdict"/>.</summary>
    public async Task<CellResult> TrainingCellAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        (await TrainingAsync(model, oracle, device, cancellationToken)).Cell;

    /// <summary>The binding's own file re-loaded by itself must reproduce its trained model; null when it did not train.</summary>
    public async Task<CellResult?> OwnCellAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        (await OwnAsync(model, oracle, device, cancellationToken)).Cell;

    /// <summary>The own file on <paramref name="backend"/> must reproduce the trained model; null when the binding has no own file.</summary>
    public async Task<CellResult?> BackendCellAsync(PlannedModel model, IBindingOracle oracle, string device, string backend, CancellationToken cancellationToken)
    {
        var own = await OwnAsync(model, oracle, device, cancellationToken);
        if (own.Export is null || own.Expected is null) return null;
        var coordinates = new CellResult(CellKinds.Backend, model.Spec.Name, oracle.Binding.Id, device, backend, CellOutcome.Failed, null, []);
        var cell = await EvaluateCellAsync(coordinates, oracle,
            new EvaluateRequest(model.Spec, model.Data, own.Export.Format, own.Export.Path, device, Backend: backend) { TimeLimit = plan.CellTimeout }, own.Expected, cancellationToken);
        // The file's format, for the repro bundle that runs it on both backends (the cell's mode is the backend).
        cell.Metrics["format"] = own.Export.Format.WireName();
        return Reproducible(cell, model, device, [oracle.Binding.Id]);
    }

    /// <summary>
    /// <paramref name="source"/>'s <paramref name="export"/> loaded by <paramref name="target"/> on <paramref name="device"/>: a cross-load
    /// cell, or a weight-transfer cell when safetensors weights move into another framework.
    /// </summary>
    public async Task<CellResult> LoadCellAsync(PlannedModel model, IBindingOracle source, string sourceDevice, ModelExport export,
        IBindingOracle target, string device, CancellationToken cancellationToken)
    {
        var crossFramework = export.Format == ModelFormat.Safetensors && target.Binding.Framework != source.Binding.Framework;
        var coordinates = new CellResult(crossFramework ? CellKinds.WeightTransfer : CellKinds.CrossLoad, model.Spec.Name,
            $"{source.Binding.Id}→{target.Binding.Id}", device, export.Format.WireName(), CellOutcome.Failed, null, []);
        if (registry.Availability(target.Binding.Id).WhyNot(device) is { } skip)
            return coordinates with { Outcome = CellOutcome.Skipped, Reason = skip };
        var own = await OwnAsync(model, source, sourceDevice, cancellationToken);
        if (own.Expected is null)
        {
            var training = (await TrainingAsync(model, source, sourceDevice, cancellationToken)).Cell;
            return training.Outcome == CellOutcome.Skipped
                ? NothingTrained(coordinates, source.Binding.Id, training)
                : coordinates with { Reason = $"{source.Binding.Id} has no trained predictions to compare with: {own.Cell?.Reason ?? training.Reason}" };
        }
        var cell = await EvaluateCellAsync(coordinates, target,
            new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device) { TimeLimit = plan.CellTimeout }, own.Expected, cancellationToken);
        cell.Metrics["source"] = source.Binding.Id;
        cell.Metrics["source_device"] = sourceDevice;
        cell.Metrics["cross_framework"] = crossFramework;
        if (cell.Outcome == CellOutcome.Failed) cell = await BlameAsync(cell, model, source, sourceDevice, target, device, cancellationToken);
        return Reproducible(cell, model, device, [source.Binding.Id, target.Binding.Id]);
    }

    /// <summary>
    /// The time-cost cells of one model: each non-default binding's times against its framework default, for every
    /// framework or only <paramref name="framework"/> (a family is one framework, so its cells do not depend on others).
    /// </summary>
    public async Task<IReadOnlyList<CellResult>> TimeCostCellsAsync(PlannedModel model, TimeCostKind kind, CancellationToken cancellationToken,
        string? framework = null)
    {
        var timed = new List<TimedBinding>();
        var untimed = new Dictionary<(string, string), string>();
        foreach (var oracle in registry.Oracles.Where(o => framework is null || o.Binding.Framework == framework))
        foreach (var device in plan.Devices)
        {
            var training = await TrainingAsync(model, oracle, device, cancellationToken);
            IReadOnlyList<double>? seconds = null;
            string? why = training.Cell.Reason;
            if (training.Trained is { } trained && kind == TimeCostKind.Training)
                seconds = trained.Runs.Select(r => r.TrainingSeconds).ToArray();
            else if (training.Trained is not null)
            {
                var own = await OwnAsync(model, oracle, device, cancellationToken);
                seconds = own.Result?.PassSeconds;
                why = own.Cell?.Reason;
            }
            if (seconds is not null) timed.Add(new TimedBinding(oracle.Binding, device, seconds));
            else untimed[(oracle.Binding.Id, device)] = why ?? $"{oracle.Binding.Id} did not run {model.Spec.Name}";
        }
        var defaults = registry.Oracles.Where(o => o.Binding.IsDefault)
            .GroupBy(o => o.Binding.Framework).ToDictionary(g => g.Key, g => g.First().Binding);
        return TimeCost.Compare(model.Spec.Name, kind, timed, defaults,
            (id, device) => untimed.GetValueOrDefault((id, device)) ?? $"{id} did not run {model.Spec.Name}", plan.Rules.Alpha);
    }

    /// <summary>A binding's training of a model on a device, computed once.</summary>
    public Task<TrainingOutcome> TrainingAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        trainings.GetOrAdd((model.Spec.Name, oracle.Binding.Id, device),
            _ => new(() => TrainAndJudgeAsync(model, oracle, device, cancellationToken))).Value;

    private async Task<TrainingOutcome> TrainAndJudgeAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var cell = new CellResult(CellKinds.Training, model.Spec.Name, id, device, "eager", CellOutcome.Skipped, null, []);
        var skip = registry.Availability(id).WhyNot(device)
                   ?? oracle.Capabilities.WhyCannotTrain(id, model.Spec.Name)
                   ?? model.TrainingSkips.GetValueOrDefault(id);
        if (skip is not null) return new TrainingOutcome(cell with { Reason = skip }, null, null);

        // The reference trains first, so its runs are there to compare with.
        var reference = await ReferenceAsync(model, oracle, device, cancellationToken);
        var seeds = model.SeedsFor(id);
        var completed = 0;
        IReadOnlyList<TrainResult> runs;
        TrainResult repeat;
        try
        {
            (runs, repeat) = await stage.TrainAsync(model, oracle, device, seeds, n => completed = n, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new TrainingOutcome(cell with
            {
                Outcome = CellOutcome.Failed,
                Reason = $"training failed: {e.Message}",
                Metrics = new JsonObject { ["completed_seeds"] = completed },
            }, null, null);
        }

        var evidence = new TrainingEvidence(id, device, seeds, runs, repeat);
        var (engine, whyNoProbe) = reference is null ? (null, null)
            : await identity.CompareAsync(model, oracle, reference.Trained!, device, cancellationToken);
        var verdict = TrainingVerdict.Judge(evidence, reference?.Evidence, model.MinimumTestAccuracy, engine, whyNoProbe, FamilySize(oracle, model),
            model.RulesFrom(plan.Rules));
        var judged = Reproducible(verdict.ToCell(cell), model, device, reference is null ? [id] : [reference.Evidence!.BindingId, id]);
        return new TrainingOutcome(judged, new TrainedModel(oracle, device, runs), evidence);
    }

    /// <summary>
    /// The framework's default binding; where it cannot train here (TensorFlow's Python), another framework's default.
    /// A default binding is itself the reference and is compared with nothing.
    /// </summary>
    private async Task<TrainingOutcome?> ReferenceAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken)
    {
        if (oracle.Binding.IsDefault) return null;
        foreach (var candidate in registry.Oracles.Where(o => o.Binding.IsDefault).OrderByDescending(o => o.Binding.Framework == oracle.Binding.Framework))
        {
            var outcome = await TrainingAsync(model, candidate, device, cancellationToken);
            if (outcome.Evidence is not null) return outcome;
        }
        return null;
    }

    /// <summary>The study's family for Bonferroni: every non-default binding of the framework in the design that trains the model.</summary>
    private int FamilySize(IBindingOracle oracle, PlannedModel model) =>
        Math.Max(1, registry.Oracles.Count(o => !o.Binding.IsDefault && o.Binding.Framework == oracle.Binding.Framework
                                                 && o.Capabilities.WhyCannotTrain(o.Binding.Id, model.Spec.Name) is null));

    /// <summary>A binding's own file evaluated by that binding, computed once: what its cross-loads are compared with.</summary>
    private Task<OwnOutcome> OwnAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        owns.GetOrAdd((model.Spec.Name, oracle.Binding.Id, device), _ => new(() => EvaluateOwnAsync(model, oracle, device, cancellationToken))).Value;

    private async Task<OwnOutcome> EvaluateOwnAsync(PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken)
    {
        var training = await TrainingAsync(model, oracle, device, cancellationToken);
        if (training.Trained is not { } trained) return new OwnOutcome(null, null, null, null);
        var id = oracle.Binding.Id;
        var export = trained.Exports.FirstOrDefault(e => oracle.Capabilities.LoadFormats.Contains(e.Format));
        var coordinates = new CellResult(CellKinds.Own, model.Spec.Name, id, device, export?.Format.WireName() ?? "none", CellOutcome.Failed, null, []);
        if (export is null)
            return new OwnOutcome(coordinates with { Reason = $"{id} saved no file in a format it can load itself, so cross-loaded predictions have nothing to be compared with" },
                null, null, null);
        var run = trained.Runs[0];
        var fromTraining = InferenceExpectation.FromTraining(run, model.Data.TestCount, model.Spec.Classes, id);
        EvaluateResult result;
        try
        {
            progress.Report($"{CellKinds.Own} {model.Spec.Name}: {id} loads its own {export.Format.WireName()} file");
            result = await oracle.EvaluateAsync(new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device) { TimeLimit = plan.CellTimeout }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failed = coordinates with { Reason = $"{id} cannot evaluate its own {export.Format.WireName()} file {export.Path}: {e.Message}", Metrics = new JsonObject { ["file"] = export.Path } };
            return new OwnOutcome(Reproducible(failed, model, device, [id]), export, null, fromTraining);
        }
        // Without the trained model's logits, the own file is held to the trained model's accuracy and to its own first pass.
        var expected = fromTraining ?? InferenceExpectation.FromEvaluation(result, id) with
        {
            Correct = (int)Math.Round(run.FinalTestAccuracy * result.Count),
            Origin = $"{id}'s final test accuracy and its own first pass",
        };
        var verdict = InferenceVerdict.Judge(expected, result, plan.Rules);
        verdict.Metrics["file"] = export.Path;
        var cell = Reproducible(verdict.ToCell(coordinates), model, device, [id]);
        return new OwnOutcome(cell, export, result, fromTraining ?? InferenceExpectation.FromEvaluation(result, id));
    }

    private async Task<CellResult> EvaluateCellAsync(CellResult coordinates, IBindingOracle target, EvaluateRequest request,
        InferenceExpectation expected, CancellationToken cancellationToken)
    {
        try
        {
            progress.Report($"{coordinates.Suite} {coordinates.Model}: {coordinates.Binding} ({coordinates.Mode}, {coordinates.Device})");
            var result = await target.EvaluateAsync(request, cancellationToken);
            var verdict = InferenceVerdict.Judge(expected, result, plan.Rules);
            verdict.Metrics["file"] = request.Path;
            return verdict.ToCell(coordinates);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var on = request.Backend is null ? "" : $" on its {request.Backend} backend";
            return coordinates with { Reason = $"{target.Binding.Id} failed to load {request.Path}{on}: {e.Message}", Metrics = new JsonObject { ["file"] = request.Path } };
        }
    }

    /// <summary>
    /// Names the binding whose behaviour changed: each binding is first held to its own file, so a failing load is
    /// blamed on a source whose own file misbehaves, else on a target that does not reproduce its own model either,
    /// else on a source whose file the reference binding runs differently, else on the target reading that source's format.
    /// </summary>
    private async Task<CellResult> BlameAsync(CellResult cell, PlannedModel model, IBindingOracle source, string sourceDevice,
        IBindingOracle target, string device, CancellationToken cancellationToken)
    {
        var sourceOwn = (await OwnAsync(model, source, sourceDevice, cancellationToken)).Cell;
        var targetOwn = (await OwnAsync(model, target, device, cancellationToken)).Cell;
        var (blamed, why) =
            sourceOwn is { Outcome: CellOutcome.Failed } ? (source.Binding.Id, "its own file does not reproduce its trained model either")
            : targetOwn is { Outcome: CellOutcome.Failed } ? (target.Binding.Id, "it does not reproduce its own trained model either")
            // The reference defines the expected behaviour: a file it runs differently from its writer's trained model
            // means the writer's model computes something other than what it saved (a swapped activation, scaled logits).
            : target.Binding.IsDefault && !source.Binding.IsDefault
                ? (source.Binding.Id, $"the reference {target.Binding.Id} runs its {cell.Mode} file differently from its trained model; both bindings reproduce their own files")
            : (target.Binding.Id, $"it loads {cell.Mode} written by {source.Binding.Id} differently; both bindings reproduce their own files");
        cell.Metrics["blame"] = blamed;
        return cell with { Reason = $"{cell.Reason}; blame: {blamed} ({why})" };
    }

    /// <summary><paramref name="cell"/>, skipped because it needs what <paramref name="binding"/> would have trained and its <paramref name="training"/> was skipped.</summary>
    public static CellResult NothingTrained(CellResult cell, string binding, CellResult training) =>
        cell with { Outcome = CellOutcome.Skipped, Reason = $"{binding} trained nothing to load: {training.Reason}" };

    /// <summary>A failed cell's reason ends with the command that re-runs what it needs.</summary>
    private static CellResult Reproducible(CellResult cell, PlannedModel model, string device, string[] bindings)
    {
        var line = ReproduceLine.For(model, device, bindings);
        cell.Metrics["reproduce"] = line;
        return cell.Outcome == CellOutcome.Failed ? cell with { Reason = $"{cell.Reason}; reproduce: {line}" } : cell;
    }
}
