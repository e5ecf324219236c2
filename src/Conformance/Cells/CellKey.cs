namespace BindingConformance.Cells;

/// <summary>
/// Where a cell sits in a run's matrix, one meaning per field (docs/glossary.md): its kind, its subject (a model, or a
/// hazard probe: the kind says which), the binding under test, the device, and the coordinates only some kinds have.
/// </summary>
/// <param name="Binding">The binding under test: the one that trains, loads, or runs the mode.</param>
public sealed record CellKey(CellKind Kind, string Subject, string Binding, string Device)
{
    /// <summary>The binding that wrote the file a load cell runs (cross-load, weight transfer); null for every other kind.</summary>
    public string? Source { get; init; }

    /// <summary>The execution mode a hybridization kind's cell runs (<c>ExecutionMode</c>); null where the binding runs as it does by default.</summary>
    public string? Mode { get; init; }

    /// <summary>The saved-file format the cell loads (<c>ModelFormat</c> wire name); null where it loads none.</summary>
    public string? Format { get; init; }

    /// <summary>The binding's alternate inference backend (backend cells); null for its default backend.</summary>
    public string? Backend { get; init; }

    /// <summary>
    /// Human-readable coordinates, as in test names:
    /// <c>cross-load(model: LeNet1, source: mybinding, binding: torchsharp, device: cpu, format: safetensors)</c>.
    /// </summary>
    public string Name => $"{Kind.Name}({string.Join(", ", Coordinates().Select(c => $"{c.Axis}: {c.Value}"))})";

    /// <summary>The bindings the cell involves: the source (if any), then the binding under test.</summary>
    public IReadOnlyList<string> Bindings => Source is null || Source == Binding ? [Binding] : [Source, Binding];

    /// <summary>Each coordinate the cell has, in name order; the kind's subject axis names the subject.</summary>
    public IEnumerable<(string Axis, string Value)> Coordinates()
    {
        yield return (Kind.Subject.ToString().ToLowerInvariant(), Subject);
        if (Source is not null) yield return ("source", Source);
        yield return ("binding", Binding);
        yield return ("device", Device);
        if (Mode is not null) yield return ("mode", Mode);
        if (Format is not null) yield return ("format", Format);
        if (Backend is not null) yield return ("backend", Backend);
    }

    public override string ToString() => Name;
}
