namespace BindingConformance.Cells;

/// <summary>How a cell of a conformance run ended.</summary>
public enum CellOutcome
{
    Passed,
    Failed,
    /// <summary>The cell could not run here (binding or device absent); the reason says why.</summary>
    Skipped,
}
