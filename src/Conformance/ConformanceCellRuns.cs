using BindingConformance.Cells;
using BindingConformance.Fixtures;
using BindingConformance.Sdk;

namespace BindingConformance;

/// <summary>
/// Runs a theory's cell through the one engine <c>conformance run</c> uses (<see cref="Runs.CellEngine"/>, the kind's
/// <see cref="CellKind.Executor"/>), so a cell of each kind gets the same verdict and metrics through <c>dotnet test</c>
/// as in a report. A cell the engine skips becomes a skipped test with the engine's reason. Assert the result with
/// <c>result.Should().Pass()</c>.
/// </summary>
public static class ConformanceCellRuns
{
    /// <summary>The cell as a cell of the theory's declared kind (<see cref="ConformanceTheoryAttribute.Kind"/>).</summary>
    public static Task<CellResult> RunAsync(this ConformanceCell cell) =>
        cell.RunAsync(cell.Kind ?? throw new InvalidOperationException($"{cell} declares no kind: write [ConformanceTheory(Kind = \"...\")] or call RunAsync(kind)"));

    /// <summary>The cell as a cell of <paramref name="kind"/>.</summary>
    public static async Task<CellResult> RunAsync(this ConformanceCell cell, CellKind kind)
    {
        var request = new CellRequest(cell.KeyFor(kind), cell.DeclaredReference);
        var result = await kind.Executor.RunCellAsync(request, SuiteEngines.For(cell, kind), CancellationToken.None);
        return result.Outcome == CellOutcome.Skipped ? throw new CellSkippedException(result.Reason ?? "skipped") : result;
    }

    /// <summary>The seed-ordered training runs behind a training cell, e.g. for an approved snapshot.</summary>
    public static async Task<TrainingRuns> TrainingRunsAsync(this ConformanceCell cell)
    {
        var engine = SuiteEngines.For(cell, Kinds.Training.TrainingKind.Instance);
        var training = await engine.TrainingAsync(engine.Model(cell.Model), cell.Oracle, cell.Device, CancellationToken.None);
        return training.Evidence?.Statistics ?? throw new CellSkippedException(training.WhyNot ?? $"{cell.Binding} did not train");
    }

    /// <summary>The binding loads the cell's committed fixture and predicts what its writer recorded; the verdict of <c>conformance fixtures</c>.</summary>
    public static Task<FixtureVerdict> FixtureAsync(this ConformanceCell cell, CancellationToken cancellationToken = default) =>
        FixtureCheck.RunAsync(cell.Registry, cell.FixtureDirectory, cell.Fixture, cell.Binding, cell.Device, cancellationToken);
}
