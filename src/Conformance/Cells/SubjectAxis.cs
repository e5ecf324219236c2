namespace BindingConformance.Cells;

/// <summary>What the subject of a cell is (docs/glossary.md).</summary>
public enum SubjectAxis
{
    /// <summary>A model of the zoo (<c>ModelZoo</c>): trained, saved and loaded.</summary>
    Model,

    /// <summary>A hazard probe (<c>HazardProbes</c>), or a zoo model used as a hazard-free control, run in execution modes.</summary>
    Probe,
}
