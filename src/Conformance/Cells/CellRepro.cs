using BindingConformance.Repro;

namespace BindingConformance.Cells;

/// <summary>
/// How a cell is reproduced, as the engine knew it when it judged the cell: the <c>conformance run</c> line, the
/// comparison a repro bundle re-runs (a forward pass of a model file, or a probe in a mode), and, once written, the
/// bundle (or why none could be written).
/// </summary>
/// <param name="Run">The <c>conformance run</c> line that re-runs what the cell needs.</param>
public sealed record CellRepro(string? Run)
{
    /// <summary>The forward-pass comparison of an evaluation cell (own, backend, cross-load, weight transfer).</summary>
    public ReproCase? Forward { get; init; }

    /// <summary>The probe comparison of an execution-mode cell.</summary>
    public ProbeReproCase? Probe { get; init; }

    /// <summary>The bundle's folder relative to the run's output folder, once written.</summary>
    public string? Bundle { get; init; }

    /// <summary>Why no bundle was written for a failed cell.</summary>
    public string? Missing { get; init; }

    public static CellRepro None { get; } = new((string?)null);
}
