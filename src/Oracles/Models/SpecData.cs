namespace BindingConformance.Oracles.Models;

/// <summary>Where a spec file's examples come from: a dataset the catalog converts, a file of the user's, or generated inputs.</summary>
public abstract record SpecData
{
    /// <summary>The name a spec's <see cref="ModelSpec.Dataset"/> carries for this data.</summary>
    public abstract string Name { get; }
}

/// <summary>A dataset the product converts from packages (<c>DatasetNames</c>), optionally its first examples only.</summary>
public sealed record CatalogData(string Dataset, int? TrainCount, int? TestCount) : SpecData
{
    public override string Name => Dataset;
}

/// <summary>The user's own examples: a safetensors file in the shared cache layout, or an <c>.npz</c> (docs/model-specs.md).</summary>
public sealed record FileData(string Path, int? TrainCount, int? TestCount) : SpecData
{
    public override string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// Inputs drawn from a seeded generator: no labels to learn or score, so they serve inference-only checks
/// (<c>conformance compare</c>) and nothing that trains.
/// </summary>
public sealed record GeneratedData(int Count, int Seed) : SpecData
{
    public const string DatasetName = "generated";

    public override string Name => DatasetName;
}
