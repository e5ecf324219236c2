namespace BindingConformance.Oracles;

/// <summary>What a binding is, independent of whether it can run on this machine.</summary>
/// <param name="Id">
/// Stable identifier used in test names, traits, reports and file names, e.g. <c>torchsharp</c>, or <c>mybinding@2.1.0</c> for a
/// released version run beside the binding's own; checked by <see cref="PathSafeName.CheckBindingId"/>.
/// </param>
/// <param name="Framework">The engine it binds: <c>pytorch</c>, <c>tensorflow</c> or <c>onnx</c>.</param>
/// <param name="Language">The front-end language: <c>csharp</c>, <c>python</c>, <c>javascript</c>, <c>rust</c>.</param>
/// <param name="IsDefault">True for the framework's default (Python) binding, the reference of comparisons.</param>
public sealed record BindingDescriptor(string Id, string Framework, string Language, bool IsDefault)
{
    private readonly string id = PathSafeName.CheckBindingId(Id);

    public string Id
    {
        get => id;
        init => id = PathSafeName.CheckBindingId(value);
    }

    /// <summary>The binding this one is a released version of, run beside it; null for a binding's own version.</summary>
    public BindingRelease? Release { get; init; }

    /// <summary>The decoration this binding runs under (a simulated bug), or null for the binding as shipped.</summary>
    public BindingVariant? Variant { get; init; }
}
