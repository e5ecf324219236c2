using System.Text.Json.Nodes;
using BindingConformance.Caching;
using BindingConformance.Cells;
using BindingConformance.Kinds.TimeCost;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Kinds.Training;
using BindingConformance.Reports;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Cli;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Caching;

/// <summary>
/// The run cache on harness runs (<see cref="HarnessRun"/>): a second run of the same plan trains nothing, gives the same
/// verdicts and metrics and says which cells came from the cache; an entry that was tampered with, that answers another
/// request, or that is not JSON is ignored with a note and trained again; a simulated bug never uses the cache.
/// </summary>
public sealed class TrainingCacheTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();
    private readonly List<string> notes = [];

    public void Dispose() => folder.Dispose();

    private string Approved => Path.Combine(folder.Path, "approved");

    private string Out(string name) => Path.Combine(folder.Path, name);

    private TrainingCache Cache() => new(Out("cache"), new SynchronousProgress(notes));

    private async Task<(RunReport Report, HarnessBinding Reference, HarnessBinding Port)> RunAsync(string name, TrainingCache? cache)
    {
        var (reference, port) = (HarnessRun.ReferenceBinding(), HarnessRun.PortBinding());
        var report = await HarnessRun.RunAsync(Out(name), Approved, [reference, port], cache: cache);
        return (report, reference, port);
    }

    [Fact]
    public async Task A_second_run_of_an_unchanged_plan_trains_nothing_and_gives_the_same_cells_marked_as_from_the_cache()
    {
        var (first, reference, port) = await RunAsync("first", Cache());
        var (second, againReference, againPort) = await RunAsync("second", Cache());

        (reference.Trainings, port.Trainings).Should().Be((4, 4), "three seeds and the determinism probe of LeNet-1 each");
        (againReference.Trainings, againPort.Trainings).Should().Be((0, 0));
        second.Cells.Select(c => c.Key).Should().Equal(first.Cells.Select(c => c.Key));
        foreach (var (again, before) in second.Cells.Zip(first.Cells))
            (again.Outcome, Rules(again), Metrics(again)).Should().Be((before.Outcome, Rules(before), Metrics(before)), $"{again.Name} must be judged as before");
        second.Cells.Where(c => c.FromCache).Select(c => c.Kind).Distinct().Should().BeEquivalentTo(new CellKind[] { TrainingKind.Instance, TrainingTimeKind.Instance });
        second.Cells.Where(c => c.Kind == TrainingKind.Instance && c.Outcome == CellOutcome.Passed).Should().OnlyContain(c => c.FromCache);
        first.Cells.Should().NotContain(c => c.FromCache);
        File.ReadAllText(Path.Combine(Out("second"), "models", "LeNet1", "port-csharp-cpu", "model.safetensors")).Should().Be("port-csharp weights", "the kept file is copied where the run saves it");
        File.ReadAllText(Path.Combine(Out("second"), "report.md")).Should().Contain("from cache");
        ReportSchema.ShouldValidateFile(Out("second"));
    }

    [Fact]
    public async Task An_entry_whose_file_changed_is_ignored_with_a_note_and_trained_again()
    {
        await RunAsync("first", Cache());
        var kept = Directory.EnumerateFiles(Out("cache"), "model.safetensors", SearchOption.AllDirectories).First();
        File.WriteAllText(kept, "tampered weights");

        var (second, reference, port) = await RunAsync("second", Cache());

        (reference.Trainings + port.Trainings).Should().Be(1, "only the tampered entry is trained again");
        notes.Should().ContainSingle(n => n.StartsWith("cache: entry ") && n.Contains("model.safetensors changed since it was kept"));
        second.Cells.Count(c => c.Kind == TrainingKind.Instance && !c.FromCache && c.Outcome == CellOutcome.Passed).Should().Be(1);
    }

    [Fact]
    public async Task An_entry_whose_file_is_a_fifo_is_ignored_with_a_note_without_blocking()
    {
        await RunAsync("first", Cache());
        var entries = Directory.EnumerateFiles(Out("cache"), "entry.json", SearchOption.AllDirectories).Order().ToArray();
        File.Delete(entries[0]);
        SpecialFiles.MakeFifo(entries[0]);
        var kept = Directory.EnumerateFiles(Out("cache"), "model.safetensors", SearchOption.AllDirectories)
            .First(f => !f.StartsWith(Path.GetDirectoryName(entries[0])! + Path.DirectorySeparatorChar));
        File.Delete(kept);
        SpecialFiles.MakeFifo(kept);

        var (_, reference, port) = await RunAsync("second", Cache());

        (reference.Trainings + port.Trainings).Should().Be(2, "only the two entries holding a FIFO are trained again");
        notes.Should().Contain(n => n.StartsWith("cache: entry ") && n.Contains("is a FIFO (named pipe), not a regular file"));
        notes.Should().Contain(n => n.StartsWith("cache: entry ") && n.Contains("model.safetensors is not a regular file"));
    }

    [Fact]
    public async Task An_entry_that_answers_another_request_or_is_not_json_is_ignored_with_a_note()
    {
        await RunAsync("first", Cache());
        var entries = Directory.EnumerateFiles(Out("cache"), "entry.json", SearchOption.AllDirectories).Order().ToArray();
        // A foreign entry: another request's, moved under this key's name.
        File.Copy(entries[1], entries[0], overwrite: true);
        File.WriteAllText(entries[2], "{ not json");

        var (_, reference, port) = await RunAsync("second", Cache());

        (reference.Trainings + port.Trainings).Should().Be(2);
        notes.Should().Contain(n => n.Contains("it answers another request (key differs)"));
        notes.Should().Contain(n => n.StartsWith("cache: entry ") && n.Contains("training again"));
        Directory.EnumerateFiles(Out("cache"), "entry.json", SearchOption.AllDirectories).Select(File.ReadAllText).Should()
            .OnlyContain(text => JsonNode.Parse(text) is JsonObject, "the ignored entries were replaced by what was trained again");
    }

    [Fact]
    public void A_training_without_files_is_kept_exactly_and_another_binding_version_does_not_recall_it()
    {
        var cache = Cache();
        var request = new TrainRequest(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent/data.safetensors", 10, 4), 7,
            new TrainingSettings(Epochs: 2, BatchSize: 5), Device.Cpu, BatchOrder.Create(7, 10, 2), []);
        var result = new TrainResult([0.5, 0.75], [0.25, double.NaN], 0.25, 1.5, "1.0", [])
        {
            StepLosses = [2.3, 2.1, 1.9, 1.7],
            FinalTestLogits = [0.1f, -2.5f, float.MaxValue, 1e-30f],
        };
        var key = TrainingCacheKey.For(Probed(HarnessRun.Reference, "1.0"), request);

        cache.Remember(key, request, result);

        cache.TryRecall(key, request, out var recalled).Should().BeTrue(string.Join("\n", notes));
        recalled.Should().BeEquivalentTo(result, o => o.Excluding(r => r.Exports), "the result reads back as it was kept, NaN and the logits' bits included");
        recalled.FinalTestLogits.Should().Equal(result.FinalTestLogits);
        cache.TryRecall(TrainingCacheKey.For(Probed(HarnessRun.Reference, "1.1"), request), request, out _).Should().BeFalse("another release of the binding trains again");
        cache.TryRecall(TrainingCacheKey.For(Probed(HarnessRun.Reference, "1.0"), request with { Seed = 8, BatchOrder = BatchOrder.Create(8, 10, 2) }), request, out _)
            .Should().BeFalse("another seed trains again");
        cache.TryRecall(TrainingCacheKey.For(Probed(HarnessRun.Reference, "1.0") with { Engine = new BindingEngine("libtorch", "2.10.0") }, request), request, out _)
            .Should().BeFalse("the same binding version over another engine trains again");
        // The id kept as it is: the release itself, not only the id it gives a binding (reference-python@0.9), is in the key.
        cache.TryRecall(TrainingCacheKey.For(Probed(HarnessRun.Reference with { Release = new BindingRelease("reference-python", "0.9") }, "1.0"), request), request, out _)
            .Should().BeFalse("a released version run beside the binding never shares its entries");
        notes.Should().BeEmpty("a key with no entry is a plain miss");
    }

    [Fact]
    public void The_key_names_the_version_of_the_harness_draws_the_training_took_its_dropout_masks_from()
    {
        var request = new TrainRequest(ModelZoo.Get(ModelZoo.Bert), new DatasetRef(DatasetNames.Imdb, "/nonexistent/data.safetensors", 10, 4), 7,
            new TrainingSettings(Epochs: 1, BatchSize: 5), Device.Cpu, BatchOrder.Create(7, 10, 1), []);

        var key = TrainingCacheKey.For(Probed(HarnessRun.Reference, "1.0"), request);

        // A worker built outside the repository is not in oracle_code: the generator's version still tells its trainings apart.
        key.Content["harness_randomness"]!.GetValue<int>().Should().Be(HarnessRandomness.Version);
        key.Content["format"]!.GetValue<int>().Should().Be(3, "entries kept before dropout drew the harness's masks are never read");
    }

    [Fact]
    public async Task A_binding_with_a_simulated_bug_always_trains()
    {
        var cache = Cache();
        await using var mutant = Oracles.Mutants.MutantOracle.Around(HarnessRun.PortBinding(), Oracles.Mutants.MutantCatalog.Get("lr-drift"), Out("scratch"));
        await HarnessRun.RunAsync(Out("first"), Approved, [HarnessRun.ReferenceBinding(), mutant], cache: cache);

        cache.Hits.Should().Be(0);
        Directory.EnumerateFiles(Out("cache"), "entry.json", SearchOption.AllDirectories).Should().HaveCount(4, "only the reference's four trainings are kept");
    }

    /// <summary><paramref name="binding"/> as its probe finds it at <paramref name="version"/>, on the CPU.</summary>
    private static BindingAvailability Probed(BindingDescriptor binding, string version) => BindingAvailability.Present(binding, version, [Device.Cpu]);

    private static string Rules(CellResult cell) => string.Join("; ", cell.Checks.Select(c => $"{c.Rule} {c.Passed} {c.Value}"));

    private static string Metrics(CellResult cell) => cell.Metrics.ToJson().ToJsonString();

    /// <summary>Progress collected as it is reported (<see cref="Progress{T}"/> would post it later).</summary>
    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines) lines.Add(value);
        }
    }
}
