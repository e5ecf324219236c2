namespace BindingConformance.Oracles;

/// <summary>What an oracle can do, declared by the oracle so that invalid matrix cells get a stated reason.</summary>
public sealed record OracleCapabilities(
    bool CanTrain,
    IReadOnlyList<string> Models,
    IReadOnlyList<ModelFormat> SaveFormats,
    IReadOnlyList<ModelFormat> LoadFormats)
{
    /// <summary>Why this oracle cannot train <paramref name="model"/>, or null when it can.</summary>
    public string? WhyCannotTrain(string bindingId, string model) =>
        !CanTrain ? $"{bindingId} is inference-only"
        : Models.Contains(model) ? null
        : $"{bindingId} has no implementation of model {model}";

    /// <summary>Why this oracle cannot load <paramref name="format"/>, or null when it can.</summary>
    public string? WhyCannotLoad(string bindingId, ModelFormat format) =>
        LoadFormats.Contains(format) ? null : $"{bindingId} cannot load {format} files";
}
