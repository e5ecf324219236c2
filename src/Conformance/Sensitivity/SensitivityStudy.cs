using System.Diagnostics;
using BindingConformance.Caching;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Runs;
using BindingConformance.Snapshots;

namespace BindingConformance.Sensitivity;

/// <summary>
/// Measures what conformance runs catch: one <see cref="ConformanceRunner"/> run per <see cref="Mutant"/> of the binding
/// <paramref name="bindingId"/> (the other bindings untouched, their training kept in a <see cref="TrainingCache"/> of the
/// study across mutant runs; the mutated binding, decorated, always trains), and clean
/// runs of everything, fresh. Clean run k (from 0) trains seeds shifted by k × the seed count, so clean runs are
/// independent samples of a false alarm; the first clean run has the mutant runs' seeds.
/// </summary>
/// <param name="bindings">The real bindings of the matrix; not disposed here.</param>
public sealed class SensitivityStudy(
    IReadOnlyList<IBindingOracle> bindings,
    string bindingId,
    TierPolicy tier,
    IReadOnlyList<string> models,
    IReadOnlyList<int> seeds,
    IReadOnlyList<string> devices,
    IProgress<string> progress)
{
    /// <param name="recorded">Called with the report so far after each run, so that an interrupted study keeps what it measured.</param>
    public async Task<SensitivityReport> RunAsync(IReadOnlyList<Mutant> mutants, int cleanRuns, string outputDirectory, CancellationToken cancellationToken,
        Action<SensitivityReport>? recorded = null)
    {
        if (bindings.All(b => b.Binding.Id != bindingId))
            throw new ArgumentException($"binding '{bindingId}' is not in the matrix ({string.Join(", ", bindings.Select(b => b.Binding.Id))})");
        var clock = Stopwatch.StartNew();
        var runs = Path.Combine(outputDirectory, "runs");
        var memoDirectory = Path.Combine(outputDirectory, "memo");
        var memo = new TrainingCache(memoDirectory, progress);
        try
        {
            return await RunAllAsync(mutants, cleanRuns, runs, memo, clock, cancellationToken, recorded);
        }
        finally
        {
            if (Directory.Exists(memoDirectory)) Directory.Delete(memoDirectory, recursive: true);
        }
    }

    private async Task<SensitivityReport> RunAllAsync(IReadOnlyList<Mutant> mutants, int cleanRuns, string runs, TrainingCache memo, Stopwatch clock,
        CancellationToken cancellationToken, Action<SensitivityReport>? recorded)
    {
        var mutantRuns = new List<SensitivityRun>();
        var cleans = new List<SensitivityRun>();
        var notApplicable = new List<NotApplicableMutant>();
        var memoized = mutants.Count == 0 ? [] : bindings.Where(b => b.Binding.Id != bindingId).Select(b => b.Binding.Id).ToArray();
        SensitivityReport SoFar() => new(bindingId, bindings.Select(b => b.Binding.Id).ToArray(), tier.Name, models,
            mutantRuns.ToArray(), cleans.ToArray(), memoized, memo.Hits, clock.Elapsed.TotalSeconds) { NotApplicable = notApplicable.ToArray() };

        foreach (var mutant in mutants)
        {
            if (WhyNotApplicable(mutant) is { } why)
            {
                progress.Report($"[{mutant.Name}] not applicable: {why}");
                notApplicable.Add(new NotApplicableMutant(mutant.Name, mutant.Bug, why));
                recorded?.Invoke(SoFar());
                continue;
            }
            var output = Path.Combine(runs, mutant.Name);
            await using var mutated = MutantOracle.Around(bindings.Single(b => b.Binding.Id == bindingId), mutant, Path.Combine(output, "mutant-files"));
            var oracles = bindings.Select(b => b.Binding.Id == bindingId ? mutated : b).ToArray();
            mutantRuns.Add(await RunOnceAsync(mutant.Name, mutant.Bug, seeds, oracles, output, memo, cancellationToken));
            recorded?.Invoke(SoFar());
        }

        for (var k = 0; k < cleanRuns; k++)
        {
            var name = $"clean-{k + 1}";
            var shifted = seeds.Select(s => s + k * seeds.Count).ToArray();
            cleans.Add(await RunOnceAsync(name, null, shifted, bindings, Path.Combine(runs, name), null, cancellationToken));
            recorded?.Invoke(SoFar());
        }
        return SoFar();
    }

    /// <summary>Why <paramref name="mutant"/> can show in none of the study's models, or null when it can in one.</summary>
    private string? WhyNotApplicable(Mutant mutant)
    {
        var why = models.Select(m => (Model: m, Why: mutant.WhyNotApplicable(ModelZoo.Get(m)))).ToArray();
        return why.Any(w => w.Why is null) ? null : string.Join("; ", why.Select(w => $"{w.Model}: {w.Why}"));
    }

    /// <param name="memo">The study's kept trainings for a mutant run; null for a clean run, which trains everything fresh.</param>
    private async Task<SensitivityRun> RunOnceAsync(string name, string? bug, IReadOnlyList<int> runSeeds, IReadOnlyList<IBindingOracle> oracles,
        string output, TrainingCache? memo, CancellationToken cancellationToken)
    {
        var labelled = new Labelled(progress, name);
        labelled.Report(bug is null ? $"clean run, seeds {TierPolicy.SeedRange(runSeeds)}" : $"mutant: {bug}");
        // Each run compares with its own copy of the approved hybridization behaviour, so a mutant's received files never
        // land beside the checkout's approved ones (where `conformance approve` would promote them).
        var approved = Path.Combine(output, "approved");
        CopyApprovedHybridization(approved);
        var plan = tier.Plan(models, runSeeds, devices, output, oracles, labelled) with { ApprovedDirectory = approved, Cache = memo };
        var report = await new ConformanceRunner(new OracleRegistry(oracles), plan, labelled).RunAsync(cancellationToken);
        var run = SensitivityRun.From(name, bug, runSeeds, report, bindingId, output);
        labelled.Report(run.Detected ? $"{run.FailedCells.Count} cell(s) failed" : "no cell failed");
        return run;
    }

    private static void CopyApprovedHybridization(string approved)
    {
        var source = Path.Combine(SnapshotStore.Product.Directory, HazardCells.SnapshotSuite);
        var target = Path.Combine(approved, HazardCells.SnapshotSuite);
        Directory.CreateDirectory(target);
        if (!Directory.Exists(source)) return;
        foreach (var file in Directory.EnumerateFiles(source, "*.approved.json"))
            AtomicFile.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    /// <summary>Progress lines prefixed with the run they belong to.</summary>
    private sealed class Labelled(IProgress<string> inner, string label) : IProgress<string>
    {
        public void Report(string value) => inner.Report($"[{label}] {value}");
    }
}
