using BindingConformance.Snapshots;
using FluentAssertions;
using Xunit;
using Xunit.Sdk;

namespace BindingConformance.Tests.Snapshots;

public sealed class CellRecordAssertionsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_new_cell_fails_with_the_Verify_style_section_and_a_later_identical_record_passes()
    {
        var store = new SnapshotStore(folder.Path);
        var record = new CellRecord(null, [980, 980], new EnvironmentFingerprint(new Dictionary<string, string>(), "cpu", "Linux", "test CPU"));

        var first = () => record.Should().MatchApprovedSnapshot(store, "Suite", "Cell");

        first.Should().Throw<XunitException>().WithMessage("Snapshot does not match the approved record*New:*Received: Cell.received.json*");
        store.Approve(filter: null);
        record.Should().MatchApprovedSnapshot(store, "Suite", "Cell");
    }

    [Fact]
    public void Outside_a_conformance_theory_the_cell_must_be_named()
    {
        var record = new CellRecord(null, [1], new EnvironmentFingerprint(new Dictionary<string, string>(), "cpu", "Linux", "test CPU"));

        var match = () => record.Should().MatchApprovedSnapshot();

        match.Should().Throw<InvalidOperationException>().WithMessage("*call it inside a ?ConformanceTheory?");
    }
}
