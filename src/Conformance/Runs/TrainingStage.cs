using BindingConformance.Caching;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;

namespace BindingConformance.Runs;

/// <summary>
/// Trains one binding on one model and device: one run per seed in the shared batch order, the first seed exporting
/// every format the binding writes, then the first epoch of the first seed once more without exports (the determinism
/// probe: an epoch that is not reproduced is caught at a fraction of a full retraining's cost). With a
/// <see cref="RunPlan.Cache"/>, a request trained before by the same binding version, release, engine and code is recalled instead.
/// </summary>
public sealed class TrainingStage(RunPlan plan, OracleRegistry registry, IProgress<string> progress)
{
    /// <summary>The runs in seed order, the repeat of the first seed's first epoch, and whether every one of them was recalled from the cache.</summary>
    /// <exception cref="Exception">Whatever the oracle throws; the caller turns it into a failed cell.</exception>
    public async Task<(IReadOnlyList<TrainResult> Runs, TrainResult Repeat, bool Recalled)> TrainAsync(PlannedModel model, IBindingOracle oracle, string device,
        IReadOnlyList<int> seeds, Action<int> completed, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var runs = new List<TrainResult>();
        var recalled = true;
        EventHandler<string> relay = (_, message) => progress.Report($"  {id}: {message}");
        if (oracle is IReportsProgress reporting) reporting.Progress += relay;
        try
        {
            foreach (var seed in seeds)
            {
                progress.Report($"training {model.Spec.Name} on {id} ({device}), seed {seed}, {model.Settings.Epochs} epochs × {model.Data.TrainCount} examples");
                var exports = seed == seeds[0]
                    ? oracle.Capabilities.SaveFormats.Select(f => new ModelExport(f, ModelPath(plan, model, id, device, f))).ToArray()
                    : [];
                var (run, fromCache) = await TrainOnceAsync(model, oracle, device, seed, exports, cancellationToken);
                runs.Add(run);
                recalled &= fromCache;
                completed(runs.Count);
            }
            progress.Report($"training {model.Spec.Name} on {id} ({device}) again with seed {seeds[0]}, first epoch: the determinism probe");
            var (repeat, repeatFromCache) = await TrainOnceAsync(model, oracle, device, seeds[0], [], cancellationToken, epochs: 1);
            return (runs, repeat, recalled && repeatFromCache);
        }
        finally
        {
            if (oracle is IReportsProgress subscribed) subscribed.Progress -= relay;
        }
    }

    private async Task<(TrainResult Run, bool Recalled)> TrainOnceAsync(PlannedModel model, IBindingOracle oracle, string device, int seed,
        IReadOnlyList<ModelExport> exports, CancellationToken cancellationToken, int? epochs = null)
    {
        foreach (var export in exports) Directory.CreateDirectory(Path.GetDirectoryName(export.Path)!);
        // The first epochs of an order are the same whatever the epoch count, so a shorter run repeats a prefix of a longer one.
        var settings = model.Settings with { Epochs = Math.Min(epochs ?? model.Settings.Epochs, model.Settings.Epochs) };
        var order = BatchOrder.Create(seed, model.Data.TrainCount, settings.Epochs);
        var request = new TrainRequest(model.Spec, model.Data, seed, settings, device, order, exports) { TimeLimit = plan.CellTimeout };
        // A simulated bug is no release to keep: a decorated binding always trains.
        var key = plan.Cache is not null && oracle.Binding.Variant is null
            ? TrainingCacheKey.For(registry.Availability(oracle.Binding.Id), request)
            : null;
        if (key is not null && plan.Cache!.TryRecall(key, request, out var recalled))
        {
            progress.Report($"  {oracle.Binding.Id}: recalled from the cache (seed {seed}): final test accuracy {recalled.FinalTestAccuracy:F4}");
            return (recalled, true);
        }
        var run = await oracle.TrainAsync(request, cancellationToken);
        progress.Report($"  {oracle.Binding.Id}: final test accuracy {run.FinalTestAccuracy:F4}, {run.TrainingSeconds:F1} s");
        if (key is not null) plan.Cache!.Remember(key, request, run);
        return (run, false);
    }

    /// <summary>Where a binding's training of <paramref name="model"/> on <paramref name="device"/> saves <paramref name="format"/>: <c>OUT/models/&lt;model&gt;/&lt;binding&gt;-&lt;device&gt;/</c>.</summary>
    public static string ModelPath(RunPlan plan, PlannedModel model, string binding, string device, ModelFormat format) =>
        Path.GetFullPath(Path.Combine(plan.OutputDirectory, "models", model.Spec.Name, $"{binding}-{device}", ModelFileNames.For(format)));
}
