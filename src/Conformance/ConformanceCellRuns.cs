using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Sdk;

namespace BindingConformance;

/// <summary>
/// Runs a theory's cell through the one engine <c>conformance run</c> uses (<see cref="CellEngine"/>), so a cell of
/// each kind gets the same verdict and metrics through <c>dotnet test</c> as in a report. A cell the engine skips
/// becomes a skipped test with the engine's reason. Assert the result with <c>result.Should().Pass()</c>.
/// </summary>
public static class ConformanceCellRuns
{
    /// <summary>The binding trains the cell's model (training cell: accuracy, reproducibility, trajectory against the reference).</summary>
    public static async Task<CellResult> TrainingAsync(this ConformanceCell cell)
    {
        var engine = SuiteEngines.For(cell);
        return Ran(await engine.TrainingCellAsync(engine.Plan.Models[0], cell.Oracle, cell.Device, CancellationToken.None));
    }

    /// <summary>The seed-ordered training runs behind <see cref="TrainingAsync"/>, e.g. for an approved snapshot.</summary>
    public static async Task<TrainingRuns> TrainingRunsAsync(this ConformanceCell cell)
    {
        var engine = SuiteEngines.For(cell);
        var training = await engine.TrainingAsync(engine.Plan.Models[0], cell.Oracle, cell.Device, CancellationToken.None);
        return training.Evidence?.Statistics ?? throw new CellSkippedException(training.Cell.Reason ?? $"{cell.Binding} did not train");
    }

    /// <summary>The binding loads the cell's committed fixture and predicts what its writer recorded; the verdict of <c>conformance fixtures</c>.</summary>
    public static Task<FixtureVerdict> FixtureAsync(this ConformanceCell cell, CancellationToken cancellationToken = default) =>
        FixtureCheck.RunAsync(cell.Registry, cell.FixtureDirectory, cell.Fixture, cell.Binding, cell.Device, cancellationToken);

    /// <summary>The binding's own saved file, re-loaded by it, reproduces its trained model (own cell).</summary>
    public static async Task<CellResult> OwnFileAsync(this ConformanceCell cell)
    {
        var engine = SuiteEngines.For(cell);
        var model = engine.Plan.Models[0];
        return Ran(await engine.OwnCellAsync(model, cell.Oracle, cell.Device, CancellationToken.None)
                   ?? Skipped(await engine.TrainingCellAsync(model, cell.Oracle, cell.Device, CancellationToken.None), cell.Binding));
    }

    /// <summary>The binding's own file on its alternate inference <paramref name="backend"/> (backend cell).</summary>
    public static async Task<CellResult> BackendAsync(this ConformanceCell cell, string backend)
    {
        if (!cell.Oracle.Capabilities.AlternateBackends.Contains(backend))
            throw new CellSkippedException($"{cell.Binding} has no alternate inference backend '{backend}'");
        var engine = SuiteEngines.For(cell);
        var model = engine.Plan.Models[0];
        return Ran(await engine.BackendCellAsync(model, cell.Oracle, cell.Device, backend, CancellationToken.None)
                   ?? Skipped(await engine.TrainingCellAsync(model, cell.Oracle, cell.Device, CancellationToken.None), cell.Binding));
    }

    /// <summary>
    /// The binding loads the file its reference binding (the source) saved in the cell's format on the same device: a
    /// cross-load cell, or a weight-transfer cell when safetensors weights cross frameworks.
    /// </summary>
    public static async Task<CellResult> LoadAsync(this ConformanceCell cell)
    {
        var engine = SuiteEngines.For(cell);
        var model = engine.Plan.Models[0];
        var training = await engine.TrainingAsync(model, cell.ReferenceOracle, cell.Device, CancellationToken.None);
        if (training.Trained is not { } source) return Ran(Skipped(training.Cell, cell.Reference));
        var export = source.Exports.FirstOrDefault(e => e.Format.WireName() == cell.Format)
            ?? throw new CellSkippedException($"{cell.Reference} saved no {cell.Format} file");
        return Ran(await engine.LoadCellAsync(model, cell.ReferenceOracle, cell.Device, export, cell.Oracle, cell.Device, CancellationToken.None));
    }

    /// <summary>The binding's training or inference times against its framework's default binding (time-cost cell, a measurement).</summary>
    public static async Task<CellResult> TimeCostAsync(this ConformanceCell cell, TimeCostKind kind)
    {
        var engine = SuiteEngines.For(cell);
        var cells = await engine.TimeCostCellsAsync(engine.Plan.Models[0], kind, CancellationToken.None, cell.Framework);
        return Ran(cells.FirstOrDefault(c => c.Binding == cell.Binding && c.Device == cell.Device)
                   ?? throw new CellSkippedException($"{cell.Binding} is its framework's default binding: the others are timed against it"));
    }

    /// <summary>The cell's mode against eager in its binding on the probe named by the model axis (hybridization cell: the approved behaviour).</summary>
    public static async Task<CellResult> HybridizationAsync(this ConformanceCell cell) =>
        Ran(await SuiteEngines.HybridizationFor(cell).HazardCellAsync(HazardProbes.Get(cell.Model), cell.Oracle, cell.Mode, cell.Device, CancellationToken.None));

    /// <summary>The cell's mode against the capturing binding's matching mode on the probe (hybridization-conformance cell).</summary>
    public static async Task<CellResult> HybridizationConformanceAsync(this ConformanceCell cell) =>
        Ran(await SuiteEngines.HybridizationFor(cell).ConformanceCellAsync(HazardProbes.Get(cell.Model), cell.Oracle, cell.Mode, cell.Device, CancellationToken.None));

    /// <summary>The cell's graph mode's times against eager's on the probe (hybridization-time cell, a measurement).</summary>
    public static async Task<CellResult> HybridizationTimeAsync(this ConformanceCell cell) =>
        Ran(await SuiteEngines.HybridizationFor(cell).TimeCellAsync(HazardProbes.Get(cell.Model), cell.Oracle, cell.Mode, cell.Device, CancellationToken.None));

    /// <summary>The cell's graph mode's training-step times against eager's on a control probe (hybridization-training-time cell, a measurement).</summary>
    public static async Task<CellResult> HybridizationTrainingTimeAsync(this ConformanceCell cell) =>
        Ran(await SuiteEngines.HybridizationFor(cell).TrainingTimeCellAsync(HazardProbes.Get(cell.Model), cell.Oracle, cell.Mode, cell.Device, CancellationToken.None));

    private static CellResult Skipped(CellResult training, string binding) => CellEngine.NothingTrained(training, binding, training);

    private static CellResult Ran(CellResult result) =>
        result.Outcome == CellOutcome.Skipped ? throw new CellSkippedException(result.Reason ?? "skipped") : result;
}
