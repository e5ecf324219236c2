using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Sensitivity;
using BindingConformance.Tests.Runs;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// A scripted port binding (LeNet-1 from safetensors) that records every step and activations request reaching it, so that
/// tests see what the sensitivity decorators pass on: its identity probe answers every step with loss 0.5 and
/// <see cref="Gradients"/> (by default one of 0.25), and activations with the logits alone.
/// </summary>
internal sealed class RecordingPortOracle : IBindingOracle, ITrainingStepProbe
{
    public static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    public static readonly OracleCapabilities PortCapabilities = new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly ScriptedOracle inner = new(Port, PortCapabilities);

    public List<TrainingStepRequest> Steps { get; } = [];

    public List<ActivationsRequest> Activations { get; } = [];

    public BindingDescriptor Binding => inner.Binding;

    public OracleCapabilities Capabilities => inner.Capabilities;

    /// <summary>The binding without the probe or the recording, as the decorators see a binding that has no step probe.</summary>
    public static IBindingOracle Plain() => new ScriptedOracle(Port, PortCapabilities);

    /// <summary>This binding under <paramref name="mutant"/>, its rewritten copies in <paramref name="folder"/>.</summary>
    public IBindingOracle UnderMutant(string mutant, string folder) =>
        // Not disposed by the caller, so rewritten copies stay readable; they go with the test's folder.
        MutantOracle.Around(this, MutantCatalog.Get(mutant), Path.Combine(folder, "scratch"));

    public BindingAvailability Probe() => inner.Probe();

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) => inner.TrainAsync(request, cancellationToken);

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => inner.EvaluateAsync(request, cancellationToken);

    /// <summary>The first step's gradients its probe answers.</summary>
    public IReadOnlyList<NamedTensor> Gradients { get; init; } = [NamedTensor.FromFloats("fc.weight", [0.25f], 1)];

    /// <summary>Why it does not run the step (a worker of protocol 1.0, say); null: it does.</summary>
    public string? WhyNoStep { get; init; }

    public Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default)
    {
        Steps.Add(request);
        return Task.FromResult(new TrainingStepResult([.. Enumerable.Repeat(0.5, request.Steps)], [1f, 2f], [], Gradients));
    }

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default)
    {
        Activations.Add(request);
        return Task.FromResult(new ActivationsResult([NamedTensor.FromFloats(ActivationsResult.OutputOnly, new float[10], 1, 10)]));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
