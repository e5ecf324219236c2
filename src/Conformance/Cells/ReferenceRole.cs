namespace BindingConformance.Cells;

/// <summary>What a cell's reference binding is to it (<see cref="CellReferences"/>, docs/glossary.md).</summary>
public enum ReferenceRole
{
    /// <summary>The binding the cell's binding is compared with: its framework's default binding unless a theory names another.</summary>
    Compared,

    /// <summary>The binding that wrote the file the cell's binding loads.</summary>
    Source,

    /// <summary>The default binding that captures the hazard probes (traces, scripts, exports): its matching mode is what the cell's mode must compute.</summary>
    Capturer,

    /// <summary>The cell compares a mode with eager in the same binding (the capturer's eager where the binding has none).</summary>
    Eager,

    /// <summary>The cell's binding is held to itself (its own file, its default backend).</summary>
    Itself,
}
