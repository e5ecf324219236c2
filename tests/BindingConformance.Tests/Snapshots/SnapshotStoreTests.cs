using BindingConformance.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Snapshots;

public sealed class SnapshotStoreTests : IDisposable
{
    private const string Suite = "PyTorchFamily.Conformance";
    private const string Cell = "TrainingTheories.Training_model=LeNet5_binding=torchsharp_device=cpu";
    private readonly TemporaryDirectory folder = new();
    private readonly SnapshotStore store;

    public SnapshotStoreTests() => store = new SnapshotStore(folder.Path);

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_cell_without_approved_snapshot_writes_received_and_fails_as_new()
    {
        var verdict = store.Verify(Suite, Cell, Record(), SnapshotRules.Default);

        verdict.Matched.Should().BeFalse();
        verdict.Message.Should().Contain("New:")
            .And.Contain($"Received: {Cell}.received.json")
            .And.Contain($"Approved: {Cell}.approved.json")
            .And.Contain($"Approve with: conformance approve --filter \"{Suite}/{Cell}\"");
        File.Exists(store.ReceivedPath(Suite, Cell)).Should().BeTrue();
        File.ReadAllText(store.ReceivedPath(Suite, Cell)).Should().Contain("\"final_accuracies\"").And.NotContain("\r");
    }

    [Fact]
    public void Approve_promotes_received_and_the_same_record_then_matches()
    {
        store.Verify(Suite, Cell, Record(), SnapshotRules.Default);

        store.Approve(filter: null).Should().Equal($"{Suite}/{Cell}");
        var verdict = store.Verify(Suite, Cell, Record(), SnapshotRules.Default);

        verdict.Matched.Should().BeTrue();
        File.Exists(store.ApprovedPath(Suite, Cell)).Should().BeTrue();
        File.Exists(store.ReceivedPath(Suite, Cell)).Should().BeFalse();
    }

    [Fact]
    public void A_divergent_curve_fails_with_the_DTW_reason_and_leaves_approved_untouched()
    {
        Approved(Record());
        var approvedText = File.ReadAllText(store.ApprovedPath(Suite, Cell));

        var verdict = store.Verify(Suite, Cell, Record(curveShift: 0.1), SnapshotRules.Default);

        verdict.Matched.Should().BeFalse();
        // Textbook DTW (absolute cost) of r + 0.1 against r = [0.5 + 0.01·k + 0.001·s for k in 0..4], / 5 epochs,
        // in /usr/bin/python3: 0.09999999999999998 for every seed (G6: 0.1).
        verdict.Message.Should().Contain("NotEqual:").And.Contain("training.curves: DTW 0.1 exceeds bound 0.02");
        File.ReadAllText(store.ApprovedPath(Suite, Cell)).Should().Be(approvedText);
        File.Exists(store.ReceivedPath(Suite, Cell)).Should().BeTrue();
    }

    [Fact]
    public void Comparison_is_statistical_not_byte_equality_and_times_from_another_machine_are_only_noted()
    {
        Approved(Record());

        var verdict = store.Verify(Suite, Cell, Record(curveShift: 0.001, secondsScale: 5, cpu: "another CPU", torchsharpVersion: "0.108.0"), SnapshotRules.Default);

        verdict.Matched.Should().BeTrue();
        verdict.Message.Should().Contain("training.seconds: not compared, measured on another machine")
            .And.Contain("environment.binding_versions.torchsharp: approved 0.107.0, received 0.108.0");
    }

    [Fact]
    public void Slower_times_on_the_same_machine_fail_the_Cliffs_delta_rule()
    {
        Approved(Record());

        var verdict = store.Verify(Suite, Cell, Record(secondsScale: 3), SnapshotRules.Default);

        // Every received time (30..42) exceeds every approved time (10..14): approved against received, delta = -1, Large.
        verdict.Message.Should().Contain("training.seconds: Cliff's delta -1 (Large, negative = slower) slower than approved, bound Small");
    }

    [Fact]
    public void Different_correct_prediction_counts_fail()
    {
        Approved(Record());

        var verdict = store.Verify(Suite, Cell, Record() with { CorrectPerPass = [980, 980, 979] }, SnapshotRules.Default);

        verdict.Message.Should().Contain("correct_per_pass: approved [980, 980, 980], received [980, 980, 979] (must be equal)");
    }

    [Fact]
    public void Approve_with_a_filter_promotes_only_matching_cells()
    {
        const string other = "TrainingTheories.Training_model=LeNet5_binding=tfjs_device=cpu";
        store.Verify(Suite, Cell, Record(), SnapshotRules.Default);
        store.Verify(Suite, other, Record(), SnapshotRules.Default);

        store.Approve("binding=tfjs").Should().Equal($"{Suite}/{other}");

        File.Exists(store.ApprovedPath(Suite, other)).Should().BeTrue();
        File.Exists(store.ReceivedPath(Suite, Cell)).Should().BeTrue();
        File.Exists(store.ApprovedPath(Suite, Cell)).Should().BeFalse();
    }

    [Fact]
    public void A_corrupt_approved_file_is_reported_by_path()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(store.ApprovedPath(Suite, Cell))!);
        File.WriteAllText(store.ApprovedPath(Suite, Cell), "{\"training\": [");

        var verify = () => store.Verify(Suite, Cell, Record(), SnapshotRules.Default);

        verify.Should().Throw<InvalidDataException>().WithMessage($"{store.ApprovedPath(Suite, Cell)} is not a valid cell record*");
    }

    private void Approved(CellRecord record)
    {
        store.Verify(Suite, Cell, record, SnapshotRules.Default);
        store.Approve(filter: null);
    }

    /// <summary>Five seeds of five epochs: curve k of seed s is 0.5 + 0.01·k + 0.001·s + shift, times (10 + s)·scale.</summary>
    [Fact]
    public void Every_committed_approved_snapshot_reads_back_with_every_field()
    {
        // Snapshots are read strictly (a received file is hostile input): the committed ones must pass the same reading.
        var files = Directory.EnumerateFiles(SnapshotStore.Default.Directory, "*.approved.json", SearchOption.AllDirectories).ToArray();

        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            var read = () => Path.GetFileName(Path.GetDirectoryName(file)) == BindingConformance.Kinds.Hybridization.HazardCells.SnapshotSuite
                ? (object)SnapshotJson.Deserialize<HybridizationRecord>(File.ReadAllText(file), file)
                : SnapshotJson.Deserialize<CellRecord>(File.ReadAllText(file), file);
            read.Should().NotThrow(file);
        }
    }

    internal static CellRecord Record(double curveShift = 0, double secondsScale = 1, string cpu = "test CPU", string torchsharpVersion = "0.107.0")
    {
        var seeds = Enumerable.Range(0, 5).ToArray();
        IReadOnlyList<double>[] curves = [.. seeds.Select(s => (IReadOnlyList<double>)[.. Enumerable.Range(0, 5).Select(k => 0.5 + 0.01 * k + 0.001 * s + curveShift)])];
        return new CellRecord(
            new TrainingRuns(curves, [.. curves.Select(c => c[^1])], [.. seeds.Select(s => (10.0 + s) * secondsScale)]),
            [980, 980, 980],
            new EnvironmentFingerprint(new Dictionary<string, string> { ["torchsharp"] = torchsharpVersion, ["pytorch"] = "1.13.1" }, "cpu", "Linux", cpu));
    }
}
