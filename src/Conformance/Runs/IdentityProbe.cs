using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// Runs the identity probe of <see cref="EngineIdentity"/>: <see cref="Steps"/> training steps from the reference's exported
/// safetensors weights on the first batches of the first seed's batch order, with the harness's dropout masks of that
/// seed, in the binding and in its reference. The training cell compares the two answers (<see cref="IdentityProbeComparison"/>),
/// the gradient cell their first step's gradients; both read one run of the steps (<see cref="SharedAsync"/>).
/// </summary>
public sealed class IdentityProbe(IProgress<string> progress)
{
    /// <summary>
    /// Optimizer steps of the probe. Adam's first step is lr × sign(gradient) whatever its moment decays and epsilon, so one
    /// step cannot see them; from the second step on they weigh in (docs/verdicts.md).
    /// </summary>
    public const int Steps = 5;

    /// <summary>The probe of <paramref name="oracle"/> against <paramref name="reference"/>, run once per engine whichever cell asks first.</summary>
    public static Task<IdentitySteps> SharedAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, TrainedModel reference, string device,
        CancellationToken cancellationToken) =>
        engine.SharedAsync(("identity", model.Spec.Name, oracle.Binding.Id, reference.Oracle.Binding.Id, device),
            () => new IdentityProbe(engine.Progress).StepAsync(model, oracle, reference, device, cancellationToken));

    /// <returns>Both sides' answers, or why the probe could not run, or how it failed.</returns>
    public async Task<IdentitySteps> StepAsync(PlannedModel model, IBindingOracle oracle, TrainedModel reference, string device,
        CancellationToken cancellationToken)
    {
        var referenceId = reference.Oracle.Binding.Id;
        if (oracle.Binding.Framework != reference.Oracle.Binding.Framework)
            return IdentitySteps.NotRun($"{oracle.Binding.Id} and {referenceId} are different frameworks");
        if (oracle is not ITrainingStepProbe probe) return IdentitySteps.NotRun($"{oracle.Binding.Id} offers no training-step probe");
        if (reference.Oracle is not ITrainingStepProbe referenceProbe) return IdentitySteps.NotRun($"{referenceId} offers no training-step probe");
        if ((referenceProbe.WhyNoStep ?? probe.WhyNoStep) is { } noStep) return IdentitySteps.NotRun(noStep);
        if (reference.Exports.FirstOrDefault(e => e.Format == ModelFormat.Safetensors) is not { } weights)
            return IdentitySteps.NotRun($"{referenceId} exported no safetensors weights to start the probe from");

        try
        {
            var request = Request(model, weights.Path, device);
            progress.Report($"identity probe {model.Spec.Name}: {request.Steps} training steps from {referenceId}'s weights in {referenceId} and {oracle.Binding.Id}");
            var expected = await referenceProbe.StepAsync(request, cancellationToken);
            var actual = await probe.StepAsync(request, cancellationToken);
            return new IdentitySteps(expected, actual, SafetensorsReader.Read(weights.Path), null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new IdentitySteps(null, null, null, null, $"the training-step probe failed: {e.Message}");
        }
    }

    /// <summary>The first seed's first <see cref="Steps"/> batches in its first epoch's order (fewer when the split is smaller).</summary>
    public static TrainingStepRequest Request(PlannedModel model, string weightsPath, string device)
    {
        var data = SafetensorsReader.Read(model.Data.Path);
        var seed = model.Seeds[0];
        var batch = Math.Min(model.Settings.BatchSize, model.Data.TrainCount);
        var steps = Math.Clamp(model.Data.TrainCount / batch, 1, Steps);
        var order = BatchOrder.Create(seed, model.Data.TrainCount, 1).Epochs[0][..(steps * batch)];
        return new TrainingStepRequest(model.Spec, weightsPath, Batches(data[DatasetCatalog.TrainInputs], order, steps),
            Batches(data[DatasetCatalog.TrainLabels], order, steps), device, seed);
    }

    /// <summary>Rows <paramref name="order"/> of <paramref name="split"/> as [steps, batch, …].</summary>
    private static NamedTensor Batches(NamedTensor split, int[] order, int steps)
    {
        var rowBytes = checked((int)(split.Data.Length / split.Shape[0]));
        var data = new byte[order.Length * rowBytes];
        for (var i = 0; i < order.Length; i++) Array.Copy(split.Data, (long)order[i] * rowBytes, data, (long)i * rowBytes, rowBytes);
        return new NamedTensor(split.Name, split.Dtype, [steps, order.Length / steps, .. split.Shape.Skip(1)], data);
    }
}
