using BindingConformance;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using Xunit;

namespace Fixtures.Conformance;

/// <summary>
/// Do the golden model files in fixtures/models, written by each binding, load in every binding that says it
/// reads their format, and predict exactly what their writer recorded? Needs no writer installed: the files
/// and the writer's numbers are committed.
/// </summary>
public class FixtureConformance
{
    [ConformanceTheory]
    [Fixtures]
    [Devices(Device.Cpu, Device.Cuda)]
    public async Task LoadsFixture(ConformanceCell cell)
    {
        var verdict = await cell.FixtureAsync();

        Assert.True(verdict.Outcome == CellOutcome.Passed,
            $"{cell}: {verdict.Reason}\n  measured: {verdict.Measured(cell.Fixture)}\n  writer: {cell.Fixture.Writer} {cell.Fixture.WriterVersion}\nReproduce: {cell.ReproduceCommand}");
    }
}
