using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// The repro bundle of a failed training cell: the seeds, the first seed's batch order (safetensors, one I32 tensor per
/// epoch), both bindings' curves and step losses, the first step whose loss parts from the reference's beyond
/// <see cref="VerdictRules.TrajectoryLossTolerance"/>, the first layer whose gradient parts (the gradient cell's finding),
/// both environments, <c>reproduce.sh</c> and <c>ISSUE.md</c>.
/// </summary>
public sealed class TrainingBundleWriter(VerdictRules rules)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string BatchOrderFile = "batch-order.safetensors";
    public const string CurvesFile = "curves.json";

    /// <param name="reference">The reference's training, or null when the binding is compared with none.</param>
    /// <param name="gradient">The first parameter and layer, from the loss back, whose gradient parts from the reference's (the gradient cell's <see cref="CellResult.FirstDivergence"/>), or null.</param>
    /// <param name="variant">The binding's decoration (a simulated bug of a sensitivity run), or null.</param>
    /// <returns>The first step whose loss parts from the reference's, or null.</returns>
    public DivergingStep? Write(CellResult cell, PlannedModel model, TrainingEvidence binding, TrainingEvidence? reference, string? gradient,
        BindingVariant? variant, JsonObject environment, string directory)
    {
        var order = BatchOrder.Create(binding.Seeds[0], model.Data.TrainCount, model.Settings.Epochs);
        var step = reference is null ? null : FirstDivergingStep(binding, reference);
        var c = new TrainingReproCase(cell.Name, model.Spec.Name, binding.BindingId, reference?.BindingId, binding.Device, binding.Seeds, variant?.Name)
        {
            SpecFile = model.SpecFile is null ? null : ReproBundleWriter.SpecPath,
        };
        BundleFolder.Write(directory, bundle =>
        {
            var specFiles = model.SpecFile is { } specFile ? CopySpec(specFile, bundle) : [];
            AtomicFile.Write(Path.Combine(bundle, BatchOrderFile), s => SafetensorsWriter.Write(s,
                order.Epochs.Select((e, i) => NamedTensor.FromInt32($"epoch_{i + 1}", e, e.Length)),
                new Dictionary<string, string> { ["seed"] = binding.Seeds[0].ToString(CultureInfo.InvariantCulture) }));
            AtomicFile.WriteAllText(Path.Combine(bundle, CurvesFile), new JsonObject
            {
                [binding.BindingId] = Curves(binding),
                [reference?.BindingId ?? "reference"] = reference is null ? null : Curves(reference),
            }.ToJsonString(Indented) + "\n");
            var recorded = c.ToJson();
            recorded["epochs"] = model.Settings.Epochs;
            recorded["batch_size"] = model.Settings.BatchSize;
            recorded["first_diverging_step"] = step?.ToJson();
            recorded["first_diverging_gradient"] = gradient;
            BundleManifest.Write(bundle, BundleManifest.Training, cell.Name, recorded, specFiles);
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.VerdictFile), $"FAIL {cell.Name}: {cell.Reason}\n");
            ReproBundleWriter.WriteScript(bundle);
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.IssueFile), Issue(cell, model, binding, reference, variant, step, gradient, environment, c));
        });
        return step;
    }

    /// <summary>
    /// Copies a model of the user's own into the bundle: its spec file, and the data file it names when that lies in the spec's
    /// folder or below it (the spec names it relative to itself, so the copy keeps that path beside the bundle's spec).
    /// </summary>
    /// <returns>The copied files, relative to the bundle.</returns>
    private static IReadOnlyList<string> CopySpec(string specFile, string bundle)
    {
        AtomicFile.Copy(specFile, BundleFiles.Inside(bundle, ReproBundleWriter.SpecPath));
        if (ModelSpecFile.Read(specFile).Data is not FileData data) return [ReproBundleWriter.SpecPath];
        var relative = Path.GetRelativePath(Path.GetDirectoryName(specFile)!, data.Path).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return [ReproBundleWriter.SpecPath];
        var copy = $"{ReproBundleWriter.ModelFolder}/{relative}";
        AtomicFile.Copy(data.Path, BundleFiles.Inside(bundle, copy));
        return [ReproBundleWriter.SpecPath, copy];
    }

    /// <summary>The first optimizer step, over the seeds both trained, whose relative loss difference exceeds the trajectory tolerance.</summary>
    public DivergingStep? FirstDivergingStep(TrainingEvidence binding, TrainingEvidence reference)
    {
        for (var s = 0; s < Math.Min(binding.Runs.Count, reference.Runs.Count); s++)
        {
            var (a, b) = (binding.Runs[s].StepLosses, reference.Runs[s].StepLosses);
            for (var k = 0; k < Math.Min(a.Count, b.Count); k++)
            {
                // The exact-trajectory rule's measure, so the step named is the one that rule saw first.
                var relative = RunDifference.RelativeLossDifference(a[k], b[k]);
                if (relative > rules.TrajectoryLossTolerance) return new DivergingStep(binding.Seeds[s], k + 1, a[k], b[k], relative);
            }
        }
        return null;
    }

    private static JsonObject Curves(TrainingEvidence evidence) => new()
    {
        ["seeds"] = new JsonArray(evidence.Runs.Select((r, i) => (JsonNode)new JsonObject
        {
            ["seed"] = evidence.Seeds[i],
            ["train_accuracy"] = Array(r.TrainAccuracy),
            ["test_accuracy"] = Array(r.TestAccuracy),
            ["step_losses"] = Array(r.StepLosses),
        }).ToArray()),
    };

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)(double.IsFinite(v) ? v : null)).ToArray());

    private string Issue(CellResult cell, PlannedModel model, TrainingEvidence binding, TrainingEvidence? reference, BindingVariant? variant,
        DivergingStep? step, string? gradient, JsonObject environment, TrainingReproCase c)
    {
        var tolerance = rules.TrajectoryLossTolerance;
        var (id, referenceId) = (MarkdownText.Code(binding.BindingId), reference is null ? null : MarkdownText.Code(reference.BindingId));
        var md = new StringBuilder();
        md.AppendLine($"# {id}: training {model.Spec.Name} departs from {referenceId ?? "its own rules"}" +
                      (step is null ? "" : $" at step {step.Step} of seed {step.Seed}"));
        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine($"Training {model.Spec.Name} on {MarkdownText.Code(binding.Device)} with seeds {string.Join(", ", binding.Seeds)} ({model.Settings.Epochs} epochs, batch size " +
                      $"{model.Settings.BatchSize}, the shared batch order in `{BatchOrderFile}`) fails the conformance cell {MarkdownText.Code(cell.Name)}.");
        if (variant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant {MarkdownText.Code(variant.Name)} of `conformance sensitivity`): {MarkdownText.Escape(variant.Description)}.");
        }
        md.AppendLine();
        md.AppendLine("## Expected");
        md.AppendLine();
        md.AppendLine(reference is null ? "Every training rule of docs/verdicts.md holds."
            : $"{id} trains like {referenceId} from the same seeds and batches (docs/verdicts.md).");
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.Append(MarkdownText.Block(cell.Reason));
        md.AppendLine();
        md.AppendLine("## First diverging step");
        md.AppendLine();
        md.AppendLine(step is null ? "No step's loss differs beyond the trajectory tolerance (or a binding reports no step losses)."
            : $"Seed {step.Seed}, step {step.Step}: loss {RuleCheck.Number(step.Loss)} against {referenceId}'s {RuleCheck.Number(step.ReferenceLoss)} " +
              $"(relative difference {LayerTable.Number(step.RelativeDifference)}, tolerance {LayerTable.Number(tolerance)}). Curves and step losses: `{CurvesFile}`.");
        md.AppendLine();
        md.AppendLine("## First diverging gradient");
        md.AppendLine();
        md.AppendLine(gradient is null ? "No parameter's gradient of the identity probe's first step parts from the reference's (or the probe did not run)."
            : $"From the loss back, the first parameter whose gradient of the identity probe's first step parts from {referenceId ?? "the reference"}'s: " +
              $"{MarkdownText.Code(gradient)} (the gradient cell, docs/verdicts.md).");
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        IssueMarkdown.AppendScriptRun(md, "trains again (minutes): exit 1 while the cell fails, 0 once it passes");
        md.AppendLine();
        md.AppendLine($"`{ReproBundle.ScriptFile}` runs `conformance reproduce .`, which trains as");
        md.AppendLine();
        md.Append(MarkdownText.Block(ShellWords.Join(["conformance", .. c.Words]), "sh"));
        md.AppendLine();
        md.AppendLine("and looks for the cell in that run's report.");
        md.AppendLine();
        IssueMarkdown.AppendEnvironment(md, environment);
        return md.ToString();
    }
}
