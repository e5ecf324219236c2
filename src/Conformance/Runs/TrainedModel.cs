using BindingConformance.Oracles;

namespace BindingConformance.Runs;

/// <summary>A binding's training runs of one model on one device (one per seed) and the files its first seed exported.</summary>
public sealed record TrainedModel(IBindingOracle Oracle, string Device, IReadOnlyList<TrainResult> Runs)
{
    public IReadOnlyList<ModelExport> Exports => Runs[0].Exports;
}
