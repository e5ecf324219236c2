using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Repro;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>
/// A failed evaluation cell's bundle: the forward-pass comparison the cell recorded (<see cref="CellRepro.Forward"/>)
/// written by <see cref="ReproBundleWriter"/>, naming the first diverging layer.
/// </summary>
public sealed class ForwardBundles : IBundleWriter
{
    public async Task<BundleOutcome> WriteAsync(CellResult cell, CellEngine engine, string directory, CancellationToken cancellationToken)
    {
        if (cell.Repro.Forward is not { } c) return BundleOutcome.None(cell.Repro.Missing ?? "the cell records no comparison to reproduce");
        var batch = InputBatch.FromTestSplit(c.Data ?? engine.Model(cell.Key.Subject).Data.Path);
        var comparison = await WriteAsync(engine.Registry, c, batch, directory, engine.Plan.Rules, cancellationToken);
        return BundleOutcome.Written(comparison.Table.FirstDiverging);
    }

    /// <summary>
    /// Writes the bundle of a recorded case into <paramref name="directory"/> (also <c>conformance repro</c>), with the case's
    /// decoration (a simulated bug) applied to its target as the run applied it.
    /// </summary>
    public static async Task<ForwardComparison> WriteAsync(OracleRegistry registry, ReproCase c, InputBatch batch, string directory,
        VerdictRules rules, CancellationToken cancellationToken)
    {
        var environment = ReproEnvironment.Describe(registry, [c.Reference, c.Target]);
        var scratch = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory))!, $".{Path.GetFileName(directory)}.scratch");
        await using var target = MutantOracle.Decorate(registry.Get(c.Target), c.Mutant, scratch);
        return await new ReproBundleWriter(rules).WriteAsync(c, ModelZoo.Get(c.Model), batch, registry.Get(c.Reference), target.Oracle, environment, directory,
            cancellationToken);
    }
}
