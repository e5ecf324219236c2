using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.InProcess;

/// <summary>
/// An in-process binding whose package this application does not reference. It keeps the design's capabilities, so its
/// cells exist and are skipped because the binding is absent; its probe says which packages to add.
/// </summary>
public sealed class AbsentPackageOracle(InProcessBinding binding) : IBindingOracle
{
    public BindingDescriptor Binding => binding.Descriptor;

    public OracleCapabilities Capabilities { get; } = new(binding.CanTrain, ModelZoo.Names, binding.SaveFormats, binding.LoadFormats);

    public BindingAvailability Probe() =>
        BindingAvailability.Absent(binding.Descriptor, $"the {binding.Package} package is not referenced by this application",
            $"add the package references {binding.Package} and {binding.NativePackages}");

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => throw Unavailable();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OracleException Unavailable() => new($"{binding.Descriptor.Id} not available: {Probe().Reason}");
}
