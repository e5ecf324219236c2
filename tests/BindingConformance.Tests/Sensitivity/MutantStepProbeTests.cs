using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.TimeAccounting;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// The identity probe (<see cref="ITrainingStepProbe"/>) through the sensitivity decorators: kept where the binding has it,
/// and mutated like training, so that a run judges a mutant by the same rules as the real binding.
/// </summary>
public sealed class MutantStepProbeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mutant-probe-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_decorators_offer_the_probe_exactly_when_the_binding_does()
    {
        var plain = RecordingPortOracle.Plain();
        var ledger = new ComputeLedger();

        MutantOracle.Around(new RecordingPortOracle(), MutantCatalog.Get("lr-drift"), folder).Should().BeAssignableTo<ITrainingStepProbe>();
        MutantOracle.Around(plain, MutantCatalog.Get("lr-drift"), folder).Should().NotBeAssignableTo<ITrainingStepProbe>();
        MeteredOracle.Around(new RecordingPortOracle(), ledger).Should().BeAssignableTo<ITrainingStepProbe>();
        MeteredOracle.Around(plain, ledger).Should().NotBeAssignableTo<ITrainingStepProbe>();
    }

    [Fact]
    public async Task Lr_drift_and_loss_sum_reach_the_probes_step()
    {
        var (drifted, _) = await StepAsync("lr-drift", Request());
        var (summed, result) = await StepAsync("loss-sum", Request());

        drifted.Model.Optimizer.LearningRate.Should().BeApproximately(0.05 * 1.05, 1e-12);
        summed.Model.Optimizer.LearningRate.Should().BeApproximately(0.05 * 2, 1e-12, "the batch holds 2 examples");
        result.Losses.Should().Equal(0.5 * 2);
        result.Gradients.Single().ToFloats().Should().Equal(0.25f * 2);
    }

    [Fact]
    public async Task The_probe_loads_weights_through_the_buggy_loader_and_trains_on_rescaled_inputs()
    {
        var weights = Path.Combine(folder, "weights.safetensors");
        SafetensorsWriter.Write(weights, [NamedTensor.FromFloats("conv1.weight", [0, 1, 2, 3], 1, 1, 2, 2)]);

        var (flipped, _) = await StepAsync("weights-transposed-on-load", Request() with { WeightsPath = weights });
        var (scaled, _) = await StepAsync("train-input-scaled", Request());

        SafetensorsReader.Read(flipped.WeightsPath)["conv1.weight"].ToFloats().Should().Equal(3, 2, 1, 0);
        scaled.Inputs.ToFloats().Should().Equal(0.5f * 1.1f, 1.1f);
        scaled.Labels.Should().BeSameAs(Request().Labels);
    }

    private static readonly NamedTensor Labels = NamedTensor.FromInt64("train_y", [0, 1], 1, 2);

    private static TrainingStepRequest Request() =>
        new(ModelZoo.Get(ModelZoo.LeNet1), "/nonexistent/weights.safetensors", NamedTensor.FromFloats("train_x", [0.5f, 1f], 1, 2, 1), Labels, Device.Cpu);

    private async Task<(TrainingStepRequest Received, TrainingStepResult Result)> StepAsync(string mutant, TrainingStepRequest request)
    {
        var probe = new RecordingPortOracle();
        var result = await ((ITrainingStepProbe)probe.UnderMutant(mutant, folder)).StepAsync(request);
        return (probe.Steps.Single(), result);
    }
}
