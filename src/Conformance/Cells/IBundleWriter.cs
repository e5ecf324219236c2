using BindingConformance.Runs;

namespace BindingConformance.Cells;

/// <summary>Writes the repro bundle of a failed cell of one kind from the recorded result and the engine's work (never judging it again).</summary>
public interface IBundleWriter
{
    /// <summary>
    /// Writes <paramref name="cell"/>'s bundle into <paramref name="directory"/>; the result says where the binding first
    /// diverged (a layer, a step, a case), or why no bundle could be written.
    /// </summary>
    Task<BundleOutcome> WriteAsync(CellResult cell, CellEngine engine, string directory, CancellationToken cancellationToken);
}
