using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// Runs the identity probe of <see cref="EngineIdentity"/>: one training step from the reference's exported safetensors
/// weights on the first training batch, in the binding and in its reference, compared by relative difference of the
/// loss, the logits and each tensor's weight update.
/// </summary>
public sealed class IdentityProbe(IProgress<string> progress)
{
    /// <returns>The probe's finding, or null and why it could not run.</returns>
    public async Task<(EngineIdentity? Identity, string? WhyNot)> CompareAsync(PlannedModel model, IBindingOracle oracle, TrainedModel reference,
        string device, CancellationToken cancellationToken)
    {
        var referenceId = reference.Oracle.Binding.Id;
        if (oracle.Binding.Framework != reference.Oracle.Binding.Framework)
            return (null, $"{oracle.Binding.Id} and {referenceId} are different frameworks");
        if (oracle is not ITrainingStepProbe probe) return (null, $"{oracle.Binding.Id} offers no training-step probe");
        if (reference.Oracle is not ITrainingStepProbe referenceProbe) return (null, $"{referenceId} offers no training-step probe");
        if (reference.Exports.FirstOrDefault(e => e.Format == ModelFormat.Safetensors) is not { } weights)
            return (null, $"{referenceId} exported no safetensors weights to start the probe from");

        progress.Report($"identity probe {model.Spec.Name}: one training step from {referenceId}'s weights in {referenceId} and {oracle.Binding.Id}");
        try
        {
            var data = SafetensorsReader.Read(model.Data.Path);
            var batch = Math.Min(model.Settings.BatchSize, model.Data.TrainCount);
            var request = new TrainingStepRequest(model.Spec, weights.Path, data[DatasetCatalog.TrainInputs].FirstRows(batch),
                data[DatasetCatalog.TrainLabels].FirstRows(batch), device, model.Seeds[0]);
            var expected = await referenceProbe.StepAsync(request, cancellationToken);
            var actual = await probe.StepAsync(request, cancellationToken);
            return (Compare(expected, actual, SafetensorsReader.Read(weights.Path)), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, $"the training-step probe failed: {e.Message}");
        }
    }

    private static EngineIdentity Compare(TrainingStepResult expected, TrainingStepResult actual, SafetensorsFile before)
    {
        var differences = new List<(double Value, string Where)>
        {
            (Relative([expected.Loss], [actual.Loss]), "loss"),
            (Relative(Doubles(expected.Logits), Doubles(actual.Logits)), "logits"),
        };
        var updated = actual.UpdatedWeights.ToDictionary(w => w.Name);
        foreach (var tensor in expected.UpdatedWeights)
        {
            if (!updated.TryGetValue(tensor.Name, out var other) || other.ElementCount != tensor.ElementCount)
            {
                differences.Add((double.PositiveInfinity, $"weights ({tensor.Name} missing or of another shape)"));
                continue;
            }
            // Updates rather than weights: a 5 % drift of the learning rate is 5 % of the update but a rounding error of the weight.
            var start = Doubles(before[tensor.Name]);
            differences.Add((Relative(Update(tensor, start), Update(other, start)), $"update of {tensor.Name}"));
        }
        var worst = differences.MaxBy(d => d.Value);
        return new EngineIdentity(worst.Value, worst.Where);
    }

    private static double[] Update(NamedTensor after, double[] before) => Doubles(after).Select((w, i) => w - before[i]).ToArray();

    private static double[] Doubles(NamedTensor tensor) =>
        tensor.Dtype == TensorDtype.F64 ? tensor.ToDoubles() : Doubles(tensor.ToFloats());

    private static double[] Doubles(float[] values) => values.Select(v => (double)v).ToArray();

    /// <summary>max |a − b| / max |a|; 0 when equal, infinite for NaN or a length mismatch.</summary>
    private static double Relative(double[] a, double[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double difference = 0, scale = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            if (double.IsNaN(d))
            {
                if (a[i].Equals(b[i])) continue;
                return double.PositiveInfinity;
            }
            difference = Math.Max(difference, d);
            scale = Math.Max(scale, Math.Abs(a[i]));
        }
        return difference == 0 ? 0 : difference / Math.Max(scale, double.Epsilon);
    }
}
