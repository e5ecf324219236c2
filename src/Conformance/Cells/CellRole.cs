namespace BindingConformance.Cells;

/// <summary>What a cell's outcome means (docs/glossary.md).</summary>
public enum CellRole
{
    /// <summary>The cell holds a binding to a rule: it passes or fails, and counts towards a badge.</summary>
    Verdict,

    /// <summary>
    /// The cell records a measurement (times, speed-ups): a binding may be much faster or slower and still conform, so it
    /// never fails and never counts towards a badge. Its findings are in its reason.
    /// </summary>
    Measurement,
}
