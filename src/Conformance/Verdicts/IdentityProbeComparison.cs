using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Verdicts;

/// <summary>
/// Compares two bindings' answers to the same identity probe (<see cref="ITrainingStepProbe"/>) without dividing noise by
/// noise (<c>docs/verdicts.md</c>, "The identity probe"):
/// <list type="bullet">
/// <item>the engine by the first step's loss and logits (relative to their largest value) and each parameter's gradient,
/// relative in L2 norm over the whole tensor, so that elements whose exact gradient is zero (the key bias of attention)
/// and hold only rounding weigh nothing;</item>
/// <item>the optimizer by each later step's loss and each parameter's update after the last step, relative in L2 norm
/// over the elements whose first gradients the two engines resolve alike: within
/// <see cref="VerdictRules.ResolvedGradientTolerance"/> of each other, and above the rounding of an exact zero
/// (<see cref="VerdictRules.NegligibleGradient"/> of the tensor's largest). Adam turns a gradient of pure rounding into a
/// full ±lr step whose sign is noise, so such elements say nothing about the optimizer.</item>
/// </list>
/// </summary>
public static class IdentityProbeComparison
{
    /// <param name="before">The weights both probes started from.</param>
    public static EngineIdentity Compare(TrainingStepResult expected, TrainingStepResult actual, SafetensorsFile before, VerdictRules rules)
    {
        var steps = expected.Losses.Count;
        var engine = new List<ProbeDifference>
        {
            new(Relative(expected.Losses.Take(1).ToArray(), actual.Losses.Take(1).ToArray()), "loss of step 1"),
            new(Relative(Doubles(expected.Logits), Doubles(actual.Logits)), "logits of step 1"),
        };
        var optimizer = new List<ProbeDifference>();
        if (actual.Losses.Count != steps) optimizer.Add(new(double.PositiveInfinity, $"losses ({actual.Losses.Count} steps against {steps})"));
        else
            for (var k = 1; k < steps; k++)
                optimizer.Add(new(Relative([expected.Losses[k]], [actual.Losses[k]]), $"loss of step {k + 1}"));

        var gradients = actual.Gradients.ToDictionary(g => g.Name);
        var updated = actual.UpdatedWeights.ToDictionary(w => w.Name);
        var initial = before.Tensors.ToDictionary(t => t.Name);
        var unresolved = 0L;
        var resolvedOf = new Dictionary<string, bool[]>();
        var floor = GradientFloor(expected.Gradients, rules);
        foreach (var gradient in expected.Gradients)
        {
            if (!gradients.TryGetValue(gradient.Name, out var other) || other.ElementCount != gradient.ElementCount)
            {
                engine.Add(new(double.PositiveInfinity, $"gradient of {gradient.Name} (missing or of another shape)"));
                continue;
            }
            var (e, a) = (Doubles(gradient), Doubles(other));
            engine.Add(new(GradientDifference(gradient, other, floor), $"gradient of {gradient.Name}"));
            var negligible = rules.NegligibleGradient * e.Select(Math.Abs).DefaultIfEmpty(0).Max();
            // A tensor below the floor holds rounding alone (its exact gradient is zero), and so does an element that is
            // negligible or exactly zero within its tensor: later steps' rounding decides the sign and size of their updates.
            var roundingOnly = Norm(e) <= floor;
            var resolved = e.Select((g, i) => !roundingOnly && Math.Abs(g) > negligible && Math.Abs(a[i] - g) <= rules.ResolvedGradientTolerance * Math.Abs(g)).ToArray();
            unresolved += resolved.Count(r => !r);
            resolvedOf[gradient.Name] = resolved;
        }
        foreach (var tensor in expected.UpdatedWeights)
        {
            if (!updated.TryGetValue(tensor.Name, out var other) || other.ElementCount != tensor.ElementCount
                || !initial.TryGetValue(tensor.Name, out var first) || first.ElementCount != tensor.ElementCount)
            {
                optimizer.Add(new(double.PositiveInfinity, $"weights ({tensor.Name} missing or of another shape)"));
                continue;
            }
            // Updates rather than weights: a 5 % drift of the learning rate is 5 % of the update but a rounding error of the weight.
            var start = Doubles(first);
            var (e, a) = (Update(tensor, start), Update(other, start));
            // Buffers (batch-norm statistics) have no gradient: every element counts.
            var resolved = resolvedOf.GetValueOrDefault(tensor.Name);
            optimizer.Add(new(RelativeNorm(e, a, i => resolved?[i] ?? true), $"update of {tensor.Name} after {steps} steps"));
        }
        return new EngineIdentity(engine.MaxBy(d => d.Value)!, optimizer.DefaultIfEmpty(new(0, "nothing")).MaxBy(d => d.Value)!, steps, unresolved);
    }

    /// <summary>
    /// ‖a − b‖₂ / max(‖a‖₂, <paramref name="floor"/>) of a parameter's gradient in the reference (<paramref name="expected"/>)
    /// and in the binding, over the whole tensor: what the engine part of the probe and the gradient cells hold each gradient
    /// to. Infinite for a tensor of another element count or a NaN where the other has none.
    /// </summary>
    /// <param name="floor">The model's <see cref="GradientFloor"/>.</param>
    public static double GradientDifference(NamedTensor expected, NamedTensor actual, double floor) =>
        expected.ElementCount != actual.ElementCount ? double.PositiveInfinity : RelativeNorm(Doubles(expected), Doubles(actual), _ => true, floor);

    /// <summary>
    /// <see cref="VerdictRules.GradientNormFloor"/> of the largest gradient norm of the reference's parameters: the smallest
    /// norm a gradient is measured against, so that a tensor whose exact gradient is zero (a convolution's bias before batch
    /// norm) is judged by its rounding against the model's scale, not by rounding against rounding.
    /// </summary>
    public static double GradientFloor(IReadOnlyList<NamedTensor> referenceGradients, VerdictRules rules) =>
        rules.GradientNormFloor * referenceGradients.Select(g => Norm(Doubles(g))).Where(double.IsFinite).DefaultIfEmpty(0).Max();

    private static double Norm(double[] values) => Math.Sqrt(values.Sum(v => v * v));

    private static double[] Update(NamedTensor after, double[] before) => Doubles(after).Select((w, i) => w - before[i]).ToArray();

    // Buffers come in their own dtype (batch norm's num_batches_tracked is I64).
    private static double[] Doubles(NamedTensor tensor) => tensor.AsDoubles();

    private static double[] Doubles(float[] values) => Array.ConvertAll(values, v => (double)v);

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

    /// <summary>‖a − b‖₂ / max(‖a‖₂, <paramref name="floor"/>) over the elements <paramref name="counted"/>; 0 when equal there, infinite for NaN.</summary>
    private static double RelativeNorm(double[] a, double[] b, Func<int, bool> counted, double floor = 0)
    {
        double difference = 0, scale = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!counted(i)) continue;
            var d = a[i] - b[i];
            if (double.IsNaN(d))
            {
                if (a[i].Equals(b[i])) continue;
                return double.PositiveInfinity;
            }
            difference += d * d;
            scale += a[i] * a[i];
        }
        return difference == 0 ? 0 : Math.Sqrt(difference) / Math.Max(Math.Max(Math.Sqrt(scale), floor), double.Epsilon);
    }
}
