using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// One batch through two forward passes of one model file: the logits judged by <see cref="InferenceVerdict"/> (the
/// rule of every evaluation cell) and every layer localised by <see cref="LayerLocalisation"/>.
/// </summary>
public sealed record ForwardComparison(CellVerdict Verdict, LayerTable Table, IReadOnlyList<NamedTensor> Expected, IReadOnlyList<NamedTensor> Actual)
{
    public bool Passed => Verdict.Passed;

    /// <summary>The verdict line: <c>FAIL compare(…): logits: … (value 3.2, bound ≤ 0.0001)</c>.</summary>
    public string Line(ReproCase c) => Passed
        ? $"PASS {c.Title}: {Verdict.Metrics["count"]} examples, logits and correct predictions agree"
        : $"FAIL {c.Title}: {Verdict.Reason}";

    /// <summary><paramref name="oracle"/>'s activations of the model at <paramref name="path"/> on <paramref name="batch"/>.</summary>
    /// <param name="backend">One of the binding's alternate inference backends; null for its default.</param>
    public static async Task<IReadOnlyList<NamedTensor>> ActivationsAsync(IBindingOracle oracle, ModelSpec spec, ModelFormat format, string path,
        InputBatch batch, string device, string? backend, CancellationToken cancellationToken)
    {
        var result = await oracle.ActivationsAsync(new ActivationsRequest(spec, format, path, batch.Inputs, device, backend), cancellationToken);
        if (result.Layers.Count == 0) throw new InvalidDataException($"{oracle.Binding.Id} reported no layer output for {path}");
        return result.Layers;
    }

    /// <summary>Judges <paramref name="actual"/> against <paramref name="expected"/>, whose source <paramref name="origin"/> names.</summary>
    public static ForwardComparison Judge(IReadOnlyList<NamedTensor> expected, string origin, IReadOnlyList<NamedTensor> actual, InputBatch batch,
        int classes, VerdictRules rules)
    {
        var expectedLogits = Logits(expected[^1], batch, classes, origin);
        var actualLogits = Logits(actual[^1], batch, classes, "the binding under test");
        var expectation = new InferenceExpectation(batch.Count, LogitPredictions.CountCorrect(expectedLogits, batch.Labels, classes), expectedLogits, origin);
        var result = new EvaluateResult(batch.Count, classes, [LogitPredictions.CountCorrect(actualLogits, batch.Labels, classes)], actualLogits, []);
        return new ForwardComparison(InferenceVerdict.Judge(expectation, result, rules), LayerLocalisation.Compare(expected, actual, rules), expected, actual);
    }

    private static float[] Logits(NamedTensor last, InputBatch batch, int classes, string who) =>
        last.Dtype == TensorDtype.F32 && last.ElementCount == (long)batch.Count * classes ? last.ToFloats()
        : throw new InvalidDataException($"{who}: the last layer '{last.Name}' is {last.Dtype} [{string.Join(", ", last.Shape)}], not F32 logits [{batch.Count}, {classes}]");
}
