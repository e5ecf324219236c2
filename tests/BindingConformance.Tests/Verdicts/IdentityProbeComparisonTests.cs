using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Runs;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Verdicts;

/// <summary>
/// The identity probe's comparison on hand-made answers: the engine by gradients in L2 norm, the optimizer by updates over
/// the gradient elements both engines resolve alike, so that Adam's ±lr steps on rounding noise divide no noise by noise.
/// </summary>
public sealed class IdentityProbeComparisonTests
{
    private const float Lr = 1e-3f;

    // "w": 4 weights with real gradients; "b": a bias whose last element has an exact gradient of zero (attention's key bias).
    private static readonly SafetensorsFile Before = new([NamedTensor.FromFloats("w", [0.5f, -0.5f, 0.25f, 1f], 4), NamedTensor.FromFloats("b", [0f, 0f, 0f], 3)],
        new Dictionary<string, string>());

    private static readonly float[] WGradient = [0.02f, -0.01f, 0.03f, 0.015f];
    private static readonly float[] BGradient = [0.01f, -0.02f, 3e-11f];

    [Fact]
    public void Identical_answers_differ_in_nothing()
    {
        var identity = Compare(Answer(), Answer());

        identity.Engine.Value.Should().Be(0);
        identity.Optimizer.Value.Should().Be(0);
        identity.Steps.Should().Be(3);
    }

    [Fact]
    public void Adams_full_step_on_the_rounding_of_an_exact_zero_gradient_is_left_out()
    {
        // The two engines round the zero gradient to opposite signs, and Adam steps it by +3 lr and -3 lr in 3 steps.
        var actual = Answer(bGradient: [0.01f, -0.02f, -2e-11f], bUpdate: [-3 * Lr, 3 * Lr, 3 * Lr]);

        var identity = Compare(Answer(bUpdate: [-3 * Lr, 3 * Lr, -3 * Lr]), actual);

        identity.Engine.Value.Should().BeLessThan(1e-8, "the gradient tensors agree in L2 norm: the noise weighs nothing");
        identity.Optimizer.Value.Should().Be(0);
        identity.Unresolved.Should().Be(1);
    }

    [Fact]
    public void A_learning_rate_5_percent_off_moves_every_update_by_5_percent_and_no_gradient()
    {
        var identity = Compare(Answer(), Answer(updateScale: 1.05f));

        identity.Engine.Value.Should().Be(0);
        identity.Optimizer.Value.Should().BeApproximately(0.05, 1e-6);
        identity.Optimizer.Where.Should().Match("update of ? after 3 steps");
    }

    [Fact]
    public void A_doubled_gradient_is_an_engine_difference_named_by_its_tensor()
    {
        var identity = Compare(Answer(), Answer(wGradient: [.. WGradient.Select(g => 2 * g)]));

        identity.Engine.Value.Should().BeApproximately(1, 1e-6);
        identity.Engine.Where.Should().Be("gradient of w");
        identity.Unresolved.Should().Be(5, "w's 4 elements now disagree beyond 1 %, and b's zero is rounding");
    }

    [Fact]
    public void A_later_steps_loss_is_the_optimizers_and_the_first_steps_the_engines()
    {
        var later = Compare(Answer(), Answer(losses: [0.7, 0.6 * 1.01, 0.5]));
        var first = Compare(Answer(), Answer(losses: [0.7 * 1.01, 0.6, 0.5]));

        later.Optimizer.Should().Be(new ProbeDifference(later.Optimizer.Value, "loss of step 2"));
        later.Optimizer.Value.Should().BeApproximately(0.01, 1e-9);
        first.Engine.Where.Should().Be("loss of step 1");
    }

    [Fact]
    public void A_missing_gradient_or_weight_is_an_infinite_difference_that_says_which()
    {
        var noGradient = Answer() with { Gradients = [Answer().Gradients[0]] };
        var noWeight = Answer() with { UpdatedWeights = [Answer().UpdatedWeights[0]] };

        Compare(Answer(), noGradient).Engine.Should().Be(new ProbeDifference(double.PositiveInfinity, "gradient of b (missing or of another shape)"));
        Compare(Answer(), noWeight).Optimizer.Should().Be(new ProbeDifference(double.PositiveInfinity, "weights (b missing or of another shape)"));
    }

    [Fact]
    public void The_probe_steps_on_the_first_batches_of_the_first_seeds_order()
    {
        var folder = Directory.CreateTempSubdirectory("identity-probe-").FullName;
        try
        {
            // 12 examples whose input is their index; batches of 2: the probe takes 5 of them, [5, 2, 1].
            var path = Path.Combine(folder, "data.safetensors");
            SafetensorsWriter.Write(path, [NamedTensor.FromFloats(DatasetCatalog.TrainInputs, [.. Enumerable.Range(0, 12).Select(i => (float)i)], 12, 1),
                NamedTensor.FromInt64(DatasetCatalog.TrainLabels, [.. Enumerable.Range(0, 12).Select(i => (long)(i % 2))], 12)]);
            var spec = new ModelSpec("m", "none", [1], 2, [], new OptimizerSpec("adam", 1e-3));
            var model = new PlannedModel(spec, new DatasetRef("none", path, 12, 4), new TrainingSettings(1, 2), [7, 8], null, new Dictionary<string, string>());

            var request = IdentityProbe.Request(model, "weights.safetensors", Device.Cpu);

            var order = BatchOrder.Create(7, 12, 1).Epochs[0][..10];
            request.Inputs.Shape.Should().Equal(5, 2, 1);
            request.Inputs.ToFloats().Should().Equal(order.Select(i => (float)i));
            request.Labels.ToInt64().Should().Equal(order.Select(i => (long)(i % 2)));
            request.Seed.Should().Be(7, "the masks are the first seed's");
            request.WhyInvalid().Should().BeNull();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static EngineIdentity Compare(TrainingStepResult expected, TrainingStepResult actual) =>
        IdentityProbeComparison.Compare(expected, actual, Before, VerdictRules.Default);

    /// <summary>A 3-step answer: each weight moved by 3 lr in the direction against its gradient (Adam's steps), scaled by <paramref name="updateScale"/>.</summary>
    private static TrainingStepResult Answer(float[]? wGradient = null, float[]? bGradient = null, float[]? bUpdate = null, float updateScale = 1,
        double[]? losses = null)
    {
        wGradient ??= WGradient;
        bGradient ??= BGradient;
        bUpdate ??= [.. BGradient.Select(g => -3 * Lr * Math.Sign(g))];
        var w = Before["w"].ToFloats().Select((v, i) => v - 3 * Lr * updateScale * Math.Sign(WGradient[i])).ToArray();
        var b = Before["b"].ToFloats().Select((v, i) => v + bUpdate[i] * (i < 2 ? updateScale : 1)).ToArray();
        return new TrainingStepResult(losses ?? [0.7, 0.6, 0.5], [1f, -1f], [NamedTensor.FromFloats("w", w, 4), NamedTensor.FromFloats("b", b, 3)],
            [NamedTensor.FromFloats("w", wGradient, 4), NamedTensor.FromFloats("b", bGradient, 3)]);
    }
}
