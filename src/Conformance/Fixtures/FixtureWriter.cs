using System.Globalization;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Runs;

namespace BindingConformance.Fixtures;

/// <summary>
/// Regenerates golden fixtures: each available binding trains each model once (<see cref="FixtureTraining.Default"/>),
/// saves it in every format it writes, and records the logits and correct count it gives on the input batch.
/// Files are staged first, then copied in atomically, the manifest last; fixtures of writers that cannot run
/// here are kept from the existing manifest, so regenerating on a machine without a binding loses nothing.
/// </summary>
public sealed class FixtureWriter(OracleRegistry registry, IProgress<string> progress)
{
    /// <summary>Largest |logit − expected| a loader may show: what weight transfers between frameworks keep (README, "What a run does").</summary>
    public const double LogitTolerance = 1e-4;

    /// <summary>Digits in the input batch: the first of the MNIST test split the catalog converts.</summary>
    public const int BatchCount = 128;

    public static IReadOnlyList<string> DefaultModels { get; } = [ModelZoo.LeNet1, ModelZoo.LeNet5];

    private static readonly string InputBatchFile = $"{DatasetNames.Mnist}-test{BatchCount}.safetensors";

    public async Task<FixtureWriteResult> WriteAsync(string directory, IReadOnlyList<string> models, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        var kept = File.Exists(Path.Combine(directory, FixtureManifest.FileName)) ? FixtureManifest.Read(directory).Fixtures : [];
        var stage = Path.Combine(directory, $".regenerate-{Guid.NewGuid():N}");
        var written = new List<ModelFixture>();
        var skipped = new List<string>();
        var failures = new List<string>();
        try
        {
            // The batch is itself a tiny dataset in the cache layout (1 train digit, the test slice), so every
            // oracle evaluates it unchanged. Every fixture shares it: a regeneration keeps the committed one while any
            // kept fixture records it, so those still check out after a dataset-cache format change.
            var catalog = DatasetCatalog.Default;
            AtomicFile.CreateFolder(stage);
            var committedBatch = Path.Combine(directory, InputBatchFile);
            File.Copy(kept.Any(f => f.InputBatch.Path == InputBatchFile) && File.Exists(committedBatch) ? committedBatch
                : catalog.Get(DatasetNames.Mnist, 1, BatchCount).Path, Path.Combine(stage, InputBatchFile));
            var training = FixtureTraining.Default;
            var trainData = catalog.Get(DatasetNames.Mnist, training.TrainCount, BatchCount);
            foreach (var model in models)
            foreach (var oracle in registry.Oracles)
            {
                var id = oracle.Binding.Id;
                var why = oracle.Capabilities.SaveFormats.Count == 0 ? $"{id} writes no model files"
                    : oracle.Capabilities.WhyCannotTrain(id, model) ?? registry.Availability(id).WhyNot(Device.Cpu);
                if (why is not null)
                {
                    skipped.Add($"{model}/{id}: {why}");
                    continue;
                }
                try
                {
                    written.AddRange(await WriteModelAsync(oracle, ModelZoo.Get(model), trainData, training, stage, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{model}/{id}: {e.Message}");
                }
            }

            foreach (var file in written.SelectMany(f => f.AllFiles).Select(f => f.Path).Distinct())
                AtomicFile.WriteAllBytes(Path.Combine(directory, file), File.ReadAllBytes(Path.Combine(stage, file)));
            var regenerated = written.Select(f => (f.Model, f.Writer)).ToHashSet();
            var fixtures = kept.Where(f => !regenerated.Contains((f.Model, f.Writer))).Concat(written)
                .OrderBy(f => f.Model, StringComparer.Ordinal).ThenBy(f => f.Writer, StringComparer.Ordinal).ThenBy(f => f.Format, StringComparer.Ordinal)
                .ToArray();
            new FixtureManifest(FixtureManifest.CurrentFormatVersion, fixtures).Write(directory);
            return new FixtureWriteResult(written, skipped, failures);
        }
        finally
        {
            if (Directory.Exists(stage)) Directory.Delete(stage, recursive: true);
        }
    }

    private async Task<IReadOnlyList<ModelFixture>> WriteModelAsync(
        IBindingOracle oracle, ModelSpec spec, DatasetRef trainData, FixtureTraining training, string stage, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var folder = $"{spec.Name}/{id}";
        var exports = oracle.Capabilities.SaveFormats
            .Select(f => new ModelExport(f, Path.Combine(stage, folder, ModelFileNames.For(f)))).ToArray();
        Directory.CreateDirectory(Path.Combine(stage, folder));
        progress.Report($"training {spec.Name} in {id}: {training.Epochs} epochs × {training.TrainCount} digits, seed {training.Seed}");
        var settings = new TrainingSettings(training.Epochs, training.BatchSize);
        EventHandler<string> relay = (_, message) => progress.Report($"  {id}: {message}");
        if (oracle is IReportsProgress reporting) reporting.Progress += relay;
        TrainResult trained;
        try
        {
            trained = await oracle.TrainAsync(new TrainRequest(spec, trainData, training.Seed, settings, Device.Cpu,
                BatchOrder.Create(training.Seed, trainData.TrainCount, training.Epochs), exports), cancellationToken);
        }
        finally
        {
            if (oracle is IReportsProgress subscribed) subscribed.Progress -= relay;
        }
        progress.Report($"  {id} {trained.BindingVersion}: test accuracy on the batch {trained.FinalTestAccuracy:F3}");

        var inputBatch = FixtureFile.Of(stage, InputBatchFile);
        var input = new DatasetRef(spec.Dataset, Path.Combine(stage, InputBatchFile), 1, BatchCount);
        var recorded = new Dictionary<ModelFormat, EvaluateResult>();
        foreach (var export in exports.Where(e => oracle.Capabilities.LoadFormats.Contains(e.Format)))
            recorded[export.Format] = await RecordAsync(oracle, spec, input, export, cancellationToken);
        if (recorded.Count == 0) throw new OracleException($"{id} cannot load any format it writes, so it cannot record expected logits");

        var fixtures = new List<ModelFixture>();
        foreach (var export in exports)
        {
            // A writer that cannot load its own export (Python PyTorch and ONNX) records the same weights through another of its files.
            var from = recorded.ContainsKey(export.Format) ? export.Format : recorded.Keys.First();
            var result = recorded[from];
            var logitsFile = $"{folder}/{export.Format.WireName()}.logits.safetensors";
            SafetensorsWriter.Write(Path.Combine(stage, logitsFile), [NamedTensor.FromFloats(FixtureCheck.LogitsTensor, result.Logits, result.Count, result.Classes)],
                new Dictionary<string, string> { ["writer"] = $"{id} {trained.BindingVersion}", ["recorded_from"] = from.WireName() });
            var modelPath = $"{folder}/{ModelFileNames.For(export.Format)}";
            fixtures.Add(new ModelFixture(
                ModelFixture.IdOf(spec.Name, id, export.Format.WireName()), spec.Name, id, trained.BindingVersion, export.Format.WireName(),
                modelPath, FilesUnder(stage, modelPath), inputBatch, FixtureFile.Of(stage, logitsFile), from.WireName(),
                result.Count, result.CorrectPerPass[0], LogitTolerance, training));
        }
        return fixtures;
    }

    private static async Task<EvaluateResult> RecordAsync(
        IBindingOracle oracle, ModelSpec spec, DatasetRef input, ModelExport export, CancellationToken cancellationToken)
    {
        var result = await oracle.EvaluateAsync(new EvaluateRequest(spec, input, export.Format, export.Path, Device.Cpu, FixtureCheck.Passes), cancellationToken);
        if (!result.IsStable)
            throw new OracleException($"{oracle.Binding.Id} gave {string.Join(", ", result.CorrectPerPass)} correct on its own {export.Format.WireName()} file in successive passes");
        // A golden model must be trained-ish: a fixture that gets most digits wrong would hide loading bugs.
        if (result.CorrectPerPass[0] * 2 < result.Count)
            throw new OracleException(string.Create(CultureInfo.InvariantCulture,
                $"{oracle.Binding.Id}'s {spec.Name} got only {result.CorrectPerPass[0]}/{result.Count} of the batch right; not kept as a fixture"));
        return result;
    }

    /// <summary>The file itself, or every file of a folder format (tfjs_layers: model.json and its weight shards).</summary>
    private static IReadOnlyList<FixtureFile> FilesUnder(string stage, string relativePath)
    {
        var full = Path.Combine(stage, relativePath);
        if (File.Exists(full)) return [FixtureFile.Of(stage, relativePath)];
        if (!Directory.Exists(full)) throw new OracleException($"the binding wrote nothing at {relativePath}");
        return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(stage, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => FixtureFile.Of(stage, f))
            .ToArray();
    }
}
