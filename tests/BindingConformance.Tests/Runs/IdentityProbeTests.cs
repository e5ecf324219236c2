using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Runs;
using BindingConformance.Tests.Sensitivity;
using BindingConformance.TimeAccounting;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// The identity probe asks no binding a step it does not run (a worker that does not declare <c>training_step</c>, or speaks
/// protocol 1.0 whose step is one batch): it reports that binding's reason, which the training cell gives as why its
/// trajectory is judged statistically, instead of a failed probe.
/// </summary>
public sealed class IdentityProbeTests : IDisposable
{
    private const string OldProtocol = "port-csharp does not run the training-step probe: it speaks worker protocol 1.0, whose step takes one batch";

    private readonly string folder = Directory.CreateTempSubdirectory("identity-probe-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_side_that_does_not_run_the_step_is_not_asked_and_its_reason_is_the_finding(bool bindingSide)
    {
        var refusing = new RecordingPortOracle { WhyNoStep = OldProtocol };
        var running = new RecordingPortOracle();
        var (binding, reference) = bindingSide ? (refusing, running) : (running, refusing);
        var ledger = new ComputeLedger();
        // Through the run's decorators, as a run and a sensitivity study hold the bindings.
        var metered = MeteredOracle.Around(MutantOracle.Around(binding, MutantCatalog.Get("lr-drift"), folder), ledger);

        var steps = await new IdentityProbe(new Progress<string>()).StepAsync(Model(), metered, Trained(reference), Device.Cpu, CancellationToken.None);
        var (identity, whyNot) = steps.Compare(new VerdictRules());

        identity.Should().BeNull();
        whyNot.Should().Be(OldProtocol);
        steps.WhyNotRun.Should().Be(OldProtocol, "a side that does not run the step makes the gradient cell a skip, not a failure");
        binding.Steps.Should().BeEmpty();
        reference.Steps.Should().BeEmpty();
    }

    private static PlannedModel Model() =>
        new(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent/data.safetensors", 64, 16),
            new TrainingSettings(Epochs: 1, BatchSize: 8), [1], null, new Dictionary<string, string>());

    private TrainedModel Trained(IBindingOracle oracle) =>
        new(oracle, Device.Cpu, [new TrainResult([0.5], [0.5], 0.5, 1, "1.0", [new ModelExport(ModelFormat.Safetensors, Path.Combine(folder, "w.safetensors"))])]);
}
