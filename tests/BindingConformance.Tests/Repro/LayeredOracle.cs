using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Tests.Runs;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// Test double for harness tests of localisation and repro bundles: an in-memory binding that trains (writing a
/// placeholder file at each export path), evaluates from a script and answers activations with made-up values under
/// LeNet-1's layer names ([n, 4] each, the logits <c>fc</c> [n, 10]). A fault shifts one layer and every later one, on
/// every backend or, with <see cref="FaultyBackend"/>, only on that alternate one. Real-binding behaviour is proven with
/// the real oracles, never with this.
/// </summary>
public sealed class LayeredOracle(BindingDescriptor binding, string? faultyLayer = null, float shift = 0) : IBindingOracle
{
    public static readonly string[] LayerNames = [.. ModelZoo.Get(ModelZoo.LeNet1).Layers.Select(l => l.Name)];

    public BindingDescriptor Binding => binding;

    public OracleCapabilities Capabilities =>
        new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors])
        {
            ActivationFormats = [ModelFormat.Safetensors],
            AlternateBackends = FaultyBackend is null ? [] : [FaultyBackend],
        };

    /// <summary>The binding's one alternate backend, the only one the fault is on; null: no alternate backend, the fault everywhere.</summary>
    public string? FaultyBackend { get; init; }

    public Func<EvaluateRequest, EvaluateResult> Evaluate { get; init; } = _ => ScriptedOracle.Evaluation([95, 95, 95, 95, 95]);

    public List<ActivationsRequest> ActivationRequests { get; } = [];

    public BindingAvailability Probe() => BindingAvailability.Present(binding, "1.0-layered", [Device.Cpu]);

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        foreach (var export in request.Exports) File.WriteAllText(export.Path, $"{binding.Id} weights");
        return Task.FromResult(ScriptedOracle.Learned(request, 0.95));
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => Task.FromResult(Evaluate(request));

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default)
    {
        ActivationRequests.Add(request);
        var faulty = FaultyBackend is null || request.Backend == FaultyBackend ? faultyLayer : null;
        return Task.FromResult(new ActivationsResult(Layers((int)request.Inputs.Shape[0], faulty, shift)));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The three layers for a batch of <paramref name="n"/>; from <paramref name="faulty"/> on, every value is moved by <paramref name="shift"/>.</summary>
    public static IReadOnlyList<NamedTensor> Layers(int n, string? faulty = null, float shift = 0)
    {
        var from = faulty is null ? LayerNames.Length : Array.IndexOf(LayerNames, faulty);
        return LayerNames.Select((name, layer) =>
        {
            var width = layer == LayerNames.Length - 1 ? 10 : 4;
            return NamedTensor.FromFloats(name, Enumerable.Range(0, n * width).Select(i => MathF.Sin(i + layer) + 2 + (layer >= from ? shift : 0)).ToArray(), n, width);
        }).ToArray();
    }
}
