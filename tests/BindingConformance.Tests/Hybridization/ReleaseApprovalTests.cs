using BindingConformance.Cells;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>
/// A released version run beside its binding (<see cref="BindingDescriptor.Release"/>) with no approved hybridization behaviour
/// of its own is held to its binding's: the same behaviour passes (a version change is a note), a changed one fails naming the
/// file it was held to and leaves a received file of its own, and approving that gives the release its own. Then the real
/// tfjs 4.10.0 beside the approved tfjs 4.22.0.
/// </summary>
public sealed class ReleaseApprovalTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    private static readonly BindingDescriptor PortRelease = new("port-csharp@0.9.0", "pytorch", "csharp", IsDefault: false) { Release = new("port-csharp", "0.9.0") };

    private readonly string output = Directory.CreateTempSubdirectory("release-approval-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    private string Approved => Path.Combine(output, "approved");

    private static ProbeScriptOracle Capturer() => new(Reference, [ExecutionMode.Eager, ExecutionMode.Traced]);

    private static ProbeScriptOracle Binding(BindingDescriptor binding, string version) =>
        new(binding, [ExecutionMode.Eager, ExecutionMode.Traced], BindingAvailability.Present(binding, version, [Device.Cpu]));

    private async Task<IReadOnlyList<CellResult>> HazardCellsAsync(string run, params IBindingOracle[] oracles)
    {
        var plan = new RunPlan("smoke", [], [Device.Cpu], Path.Combine(output, run))
        {
            Probes = [HazardProbes.TensorBranch, HazardProbes.SideEffectCounter],
            ApprovedDirectory = Approved,
            ProbeTimedPasses = 0,
        };
        var cells = new List<CellResult>();
        await foreach (var cell in new CellEngine(new OracleRegistry(oracles), plan, new Progress<string>()).RunAsync(SubjectAxis.Probe, plan.Probes, CancellationToken.None))
            if (cell.Kind == HazardKind.Instance) cells.Add(cell);
        return cells;
    }

    private string Snapshot(string probe, string binding, string suffix) =>
        Path.Combine(Approved, HazardCells.SnapshotSuite, HazardCells.SnapshotName(probe, binding, ExecutionMode.Traced) + suffix);

    [Fact]
    public async Task A_release_without_its_own_approval_is_held_to_its_bindings_and_approving_its_received_file_gives_it_its_own()
    {
        await HazardCellsAsync("first", Capturer(), Binding(Port, "1.0"));
        new SnapshotStore(Approved).Approve(null).Should().HaveCount(2 * 2, "2 probes traced of the capturer and of the binding");

        var same = await HazardCellsAsync("same", Capturer(), Binding(Port, "1.0"), Binding(PortRelease, "0.9"));

        same.Where(c => c.Key.Binding == PortRelease.Id).Should().HaveCount(2)
            .And.OnlyContain(c => c.Outcome == CellOutcome.Passed, "the release behaves as its binding's approved behaviour, at another version");
        Directory.EnumerateFiles(Path.Combine(Approved, HazardCells.SnapshotSuite), $"*{PortRelease.Id}*").Should().BeEmpty("nothing new to approve");

        var changed = Binding(PortRelease, "0.9");
        // The release's trace no longer freezes the branch: another behaviour than the binding approved.
        changed.Run = r => r.Probe.Name == HazardProbes.TensorBranch && r.Mode == ExecutionMode.Traced
            ? ProbeScriptOracle.Specified(r with { Mode = ExecutionMode.Eager })
            : ProbeScriptOracle.Specified(r);
        var cells = await HazardCellsAsync("changed", Capturer(), Binding(Port, "1.0"), changed);

        var failed = cells.Single(c => c.Key.Binding == PortRelease.Id && c.Key.Subject == HazardProbes.TensorBranch);
        failed.Outcome.Should().Be(CellOutcome.Failed);
        failed.Checks.Single(c => c.Rule == "approved-behaviour").Detail.Should()
            .Contain($"Approved: {HazardCells.SnapshotName(HazardProbes.TensorBranch, Port.Id, ExecutionMode.Traced)}.approved.json " +
                     $"({HazardCells.SnapshotName(HazardProbes.TensorBranch, PortRelease.Id, ExecutionMode.Traced)} has none of its own)")
            .And.Contain("binding_version: approved 1.0, received 0.9", "the version change is a note beside the difference");
        cells.Single(c => c.Key.Binding == PortRelease.Id && c.Key.Subject == HazardProbes.SideEffectCounter).Outcome.Should().Be(CellOutcome.Passed);
        File.Exists(Snapshot(HazardProbes.TensorBranch, PortRelease.Id, ".received.json")).Should().BeTrue("the release's received file is its own");
        File.Exists(Snapshot(HazardProbes.TensorBranch, Port.Id, ".received.json")).Should().BeFalse("the binding's approval is left alone");

        new SnapshotStore(Approved).Approve(PortRelease.Id).Should().Equal(
            $"{HazardCells.SnapshotSuite}/{HazardCells.SnapshotName(HazardProbes.TensorBranch, PortRelease.Id, ExecutionMode.Traced)}");
        var own = await HazardCellsAsync("own", Capturer(), Binding(Port, "1.0"), changed);

        own.Where(c => c.Key.Binding == PortRelease.Id).Should().OnlyContain(c => c.Outcome == CellOutcome.Passed, "the release is held to its own approval now");
        own.Where(c => c.Key.Binding == Port.Id).Should().OnlyContain(c => c.Outcome == CellOutcome.Passed, "and the binding still to its own");
    }

    [Fact]
    public async Task Tfjs_4_10_0_passes_every_hybridization_cell_against_the_approved_behaviour_of_tfjs()
    {
        if (ShippedWorkers.WhyTfjsNotInstalled() is { } missing) Assert.Fail($"tfjs is part of every installation (bootstrap.sh): {missing}");
        // A copy of the committed approvals of tfjs only: a failing cell writes its received file there, not into the checkout.
        var committed = SnapshotStore.Default;
        var approvedProbes = HazardProbes.Names.Where(p => committed.HasApproved(HazardCells.SnapshotSuite, TfjsSnapshot(p))).ToArray();
        approvedProbes.Should().HaveCount(11, "the smoke run's tfjs hybridization cells: every probe but the GRU and BERT controls, in its one graph mode");
        foreach (var probe in approvedProbes)
        {
            var copy = new SnapshotStore(Approved).ApprovedPath(HazardCells.SnapshotSuite, TfjsSnapshot(probe));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(committed.ApprovedPath(HazardCells.SnapshotSuite, TfjsSnapshot(probe)), copy);
        }
        await using var python = ShippedWorkers.Python(threads: 1);
        await using var release = ShippedWorkers.Tfjs().Release("4.10.0");
        release.Probe().Available.Should().BeTrue(release.Probe().Reason);
        var plan = new RunPlan("smoke", [], [Device.Cpu], Path.Combine(output, "run"))
        {
            Probes = approvedProbes,
            ApprovedDirectory = Approved,
            ProbeTimedPasses = 0,
            ProbeTrainingPasses = 0,
        };
        var engine = new CellEngine(new OracleRegistry([python, release]), plan, new Progress<string>());

        var cells = new List<CellResult>();
        foreach (var probe in plan.Probes)
        {
            var key = new CellKey(HazardKind.Instance, probe, release.Binding.Id, Device.Cpu) { Mode = ExecutionMode.Layers };
            cells.Add(await HazardKind.Instance.Executor.RunCellAsync(new CellRequest(key), engine, CancellationToken.None));
        }

        cells.Should().HaveCount(11).And.OnlyContain(c => c.Outcome == CellOutcome.Passed, string.Join("\n", cells.Select(c => $"{c.Name}: {c.Reason}")));
        Directory.EnumerateFiles(Approved, "*", SearchOption.AllDirectories).Should().HaveCount(approvedProbes.Length, "nothing new to approve");
    }

    private static string TfjsSnapshot(string probe) => HazardCells.SnapshotName(probe, ShippedWorkers.TfjsId, ExecutionMode.Layers);
}
