namespace BindingConformance.Sdk;

/// <summary>Where a test case sits in the matrix. Strings only, so the test case can serialize them.</summary>
/// <param name="HasModeAxis">False when the theory declares no <see cref="ModesAttribute"/>: the mode is then eager and left out of names.</param>
/// <param name="Reference">The binding the theory's <see cref="ReferenceBindingAttribute"/> names; empty for the kind's default (<c>CellReferences</c>).</param>
internal sealed record CellCoordinates(
    string Model,
    string Binding,
    string Device,
    string Mode,
    bool HasModeAxis,
    string Reference,
    string Framework)
{
    /// <summary>The saved-file format the binding loads, by wire name; empty when the theory declares no <see cref="FormatsAttribute"/>.</summary>
    public string Format { get; init; } = "";

    /// <summary>The binding's alternate inference backend; empty when the theory declares no <see cref="BackendsAttribute"/>.</summary>
    public string Backend { get; init; } = "";

    /// <summary>The cell kind the theory declares (<see cref="ConformanceTheoryAttribute.Kind"/>); empty when its body judges the cell.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The committed fixture the binding loads, by id; empty when the theory declares no <see cref="FixturesAttribute"/>.</summary>
    public string Fixture { get; init; } = "";

    /// <summary>The binding that wrote <see cref="Fixture"/>; empty without a fixture.</summary>
    public string Writer { get; init; } = "";

    /// <summary>The argument list of the display name: <c>model: LeNet5, binding: torchsharp, device: cpu</c>.</summary>
    public string DisplayArguments => string.Join(", ", Axes().Select(a => $"{a.Name}: {a.Value}"));

    /// <summary>The part of a snapshot file name that names the cell: <c>model=LeNet5_binding=torchsharp_device=cpu</c>.</summary>
    public string FileSuffix => string.Join("_", Axes().Select(a => $"{a.Name}={a.Value}"));

    /// <summary>A <c>dotnet test --filter</c> expression on the traits selecting this cell.</summary>
    public string TraitFilter => string.Join("&", Axes().Select(a => $"{char.ToUpperInvariant(a.Name[0])}{a.Name[1..]}={a.Value}"));

    private IEnumerable<(string Name, string Value)> Axes()
    {
        // A fixture id names its model, writer and format: fixture=LeNet5/mybinding/onnx_binding=onnxruntime_device=cpu.
        if (Fixture.Length > 0) yield return ("fixture", Fixture);
        else yield return ("model", Model);
        yield return ("binding", Binding);
        yield return ("device", Device);
        if (HasModeAxis) yield return ("mode", Mode);
        if (Format.Length > 0 && Fixture.Length == 0) yield return ("format", Format);
        if (Backend.Length > 0) yield return ("backend", Backend);
    }
}
