using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Tests.Sensitivity;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Gradient;

/// <summary>
/// The two mutants only the backward pass shows, through the sensitivity decorator around an in-memory binding whose probe
/// answers LeNet-1's parameters: each is caught by the gradient verdict against the clean answer and localised to its layer,
/// and the mutants that change no gradient leave the verdict passing.
/// </summary>
public sealed class GradientMutantTests : IDisposable
{
    private static readonly ModelSpec LeNet1 = ModelZoo.Get(ModelZoo.LeNet1);

    // LeNet-1's parameters in state-dict order, each a small gradient of its own.
    private static readonly NamedTensor[] Clean =
    [
        NamedTensor.FromFloats("conv1.weight", [0.1f, -0.2f], 2), NamedTensor.FromFloats("conv1.bias", [0.3f], 1),
        NamedTensor.FromFloats("conv2.weight", [0.05f, 0.4f], 2), NamedTensor.FromFloats("conv2.bias", [-0.1f], 1),
        NamedTensor.FromFloats("fc.weight", [0.2f, 0.2f], 2), NamedTensor.FromFloats("fc.bias", [0.7f], 1),
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("gradient-mutants-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    // Gradients × 2: ‖2g − g‖ / ‖g‖ = 1 in conv1's parameters only; from the loss back conv1.bias comes before conv1.weight.
    [InlineData("first-layer-gradient-scaled", "conv1.bias (layer conv1)", 1.0, new[] { "conv1.bias", "conv1.weight" })]
    // Negated below tanh2 (conv1, conv2): ‖−g − g‖ / ‖g‖ = 2; conv2 is nearer the loss.
    [InlineData("activation-derivative-wrong", "conv2.bias (layer conv2)", 2.0, new[] { "conv2.bias", "conv2.weight", "conv1.bias", "conv1.weight" })]
    public async Task A_backward_only_mutant_is_caught_by_the_gradient_verdict_and_localised(string mutant, string firstDivergence, double value, string[] failing)
    {
        var (verdict, first) = await JudgeAsync(mutant);

        verdict.Passed.Should().BeFalse();
        first.Should().Be(firstDivergence);
        verdict.Checks.Where(c => !c.Passed).Select(c => c.Detail).Should().Equal(
            failing.Select(p => $"the first training step's gradient of {p} (layer {p.Split('.')[0]}) in port-csharp against reference"));
        foreach (var parameter in failing)
            verdict.Metrics["gradient_differences"]![parameter]!.GetValue<double>().Should().BeApproximately(value, 1e-7);
    }

    [Theory]
    [InlineData("lr-drift")]
    [InlineData("adam-beta2-default")]
    [InlineData("momentum-reset")]
    [InlineData("logits-scaled")]
    [InlineData("float16-on-save")]
    public async Task A_mutant_that_changes_no_gradient_leaves_the_gradient_verdict_passing(string mutant)
    {
        var (verdict, first) = await JudgeAsync(mutant);

        verdict.Passed.Should().BeTrue();
        first.Should().BeNull();
    }

    private async Task<(CellVerdict Verdict, string? First)> JudgeAsync(string mutant)
    {
        var binding = new RecordingPortOracle { Gradients = Clean };
        var request = new TrainingStepRequest(LeNet1, Path.Combine(folder, "w.safetensors"), NamedTensor.FromFloats("train_x", [0.5f], 1, 1, 1),
            NamedTensor.FromInt64("train_y", [0], 1, 1), Device.Cpu);
        var reference = new TrainingStepResult([0.5], [1f, 2f], [], Clean);

        var answer = await ((ITrainingStepProbe)binding.UnderMutant(mutant, folder)).StepAsync(request);

        return GradientVerdict.Judge(LeNet1, reference, answer, "port-csharp", "reference", VerdictRules.Default);
    }
}
