using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// The repro bundle of a failed training cell: the seeds, the first seed's batch order (safetensors, one I32 tensor per
/// epoch), both bindings' curves and step losses, the first step whose loss parts from the reference's beyond
/// <see cref="VerdictRules.TrajectoryLossTolerance"/>, both environments, <c>reproduce.sh</c> and <c>ISSUE.md</c>.
/// </summary>
public sealed class TrainingBundleWriter(VerdictRules rules)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string BatchOrderFile = "batch-order.safetensors";
    public const string CurvesFile = "curves.json";

    /// <param name="reference">The reference's training, or null when the binding is compared with none.</param>
    /// <param name="variant">The binding's decoration (a simulated bug of a sensitivity run), or null.</param>
    /// <returns>The first step whose loss parts from the reference's, or null.</returns>
    public DivergingStep? Write(CellResult cell, PlannedModel model, TrainingEvidence binding, TrainingEvidence? reference, BindingVariant? variant,
        JsonObject environment, string directory)
    {
        var mutant = variant?.Name;
        Directory.CreateDirectory(directory);
        var order = BatchOrder.Create(binding.Seeds[0], model.Data.TrainCount, model.Settings.Epochs);
        AtomicFile.Write(Path.Combine(directory, BatchOrderFile), s => SafetensorsWriter.Write(s,
            order.Epochs.Select((e, i) => NamedTensor.FromInt32($"epoch_{i + 1}", e, e.Length)),
            new Dictionary<string, string> { ["seed"] = binding.Seeds[0].ToString(CultureInfo.InvariantCulture) }));
        AtomicFile.WriteAllText(Path.Combine(directory, CurvesFile), new JsonObject
        {
            [binding.BindingId] = Curves(binding),
            [reference?.BindingId ?? "reference"] = reference is null ? null : Curves(reference),
        }.ToJsonString(Indented) + "\n");
        var step = reference is null ? null : FirstDivergingStep(binding, reference);
        var line = cell.Repro.Run ?? ReproduceLine.For(model, binding.Device, binding.BindingId);
        var command = mutant is null ? line
            : $"conformance sensitivity --binding {binding.BindingId} --models {model.Spec.Name} --seeds {binding.Seeds.Count} --first-seed {binding.Seeds[0]} --mutants {mutant} --clean-runs 0";
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.CaseFile), new JsonObject
        {
            ["cell"] = cell.Name,
            ["model"] = model.Spec.Name,
            ["binding"] = binding.BindingId,
            ["reference"] = reference?.BindingId,
            ["device"] = binding.Device,
            ["seeds"] = new JsonArray(binding.Seeds.Select(s => (JsonNode)s).ToArray()),
            ["epochs"] = model.Settings.Epochs,
            ["batch_size"] = model.Settings.BatchSize,
            ["mutant"] = mutant,
            ["first_diverging_step"] = step?.ToJson(),
        }.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.VerdictFile), $"FAIL {cell.Name}: {cell.Reason}\n");
        ReproBundleWriter.WriteScript(directory, Script(cell, command));
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.IssueFile), Issue(cell, model, binding, reference, variant, step, environment, command));
        return step;
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

    /// <summary>
    /// Trains again and looks for this cell's line in what the run prints (<c>FAIL name: reason</c>, as in
    /// <c>verdict.txt</c>): exit 1 with that line, else exit 0 with <c>PASS name</c>; the run's own exit code when it broke.
    /// </summary>
    private static string Script(CellResult cell, string command) => $$"""
        #!/usr/bin/env bash
        # Reproduces {{cell.Name}} by training again (minutes, not seconds):
        # exit 1 with the line in {{ReproBundle.VerdictFile}} while the fault is there, 0 once it is gone.
        # ${{ReproBundle.CliVariable}} is the conformance command line (docs/repro.md).
        set -uo pipefail
        if [ -z "${{{ReproBundle.CliVariable}}:-}" ]; then
          echo "error: set {{ReproBundle.CliVariable}} to the conformance command line, e.g. 'dotnet run --project /path/to/BindingConformance/src/Cli -c Release --' (docs/repro.md)" >&2
          exit 2
        fi
        log="$(mktemp)"
        # Word splitting of the variable is intended: it is a command line.
        ${{ReproBundle.CliVariable}} {{command["conformance ".Length..]}} --out "$(mktemp -d)" >"$log" 2>&1
        status=$?
        if awk -v cell='FAIL {{cell.Name}}: ' '{ i = index($0, cell); if (i) { print substr($0, i); found = 1; exit } } END { exit !found }' "$log"; then
          exit 1
        fi
        if [ "$status" -gt 1 ]; then
          tail -n 20 "$log" >&2
          exit "$status"
        fi
        echo "PASS {{cell.Name}}"

        """;

    private string Issue(CellResult cell, PlannedModel model, TrainingEvidence binding, TrainingEvidence? reference, BindingVariant? variant,
        DivergingStep? step, JsonObject environment, string command)
    {
        var tolerance = rules.TrajectoryLossTolerance;
        var md = new StringBuilder();
        md.AppendLine($"# {binding.BindingId}: training {model.Spec.Name} departs from {reference?.BindingId ?? "its own rules"}" +
                      (step is null ? "" : $" at step {step.Step} of seed {step.Seed}"));
        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine($"Training {model.Spec.Name} on {binding.Device} with seeds {string.Join(", ", binding.Seeds)} ({model.Settings.Epochs} epochs, batch size " +
                      $"{model.Settings.BatchSize}, the shared batch order in `{BatchOrderFile}`) fails the conformance cell `{cell.Name}`.");
        if (variant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant `{variant.Name}` of `conformance sensitivity`): {variant.Description}.");
        }
        md.AppendLine();
        md.AppendLine("## Expected");
        md.AppendLine();
        md.AppendLine(reference is null ? "Every training rule of docs/verdicts.md holds."
            : $"{binding.BindingId} trains like {reference.BindingId} from the same seeds and batches (docs/verdicts.md).");
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.AppendLine(cell.Reason);
        md.AppendLine();
        md.AppendLine("## First diverging step");
        md.AppendLine();
        md.AppendLine(step is null ? "No step's loss differs beyond the trajectory tolerance (or a binding reports no step losses)."
            : $"Seed {step.Seed}, step {step.Step}: loss {RuleCheck.Number(step.Loss)} against {reference!.BindingId}'s {RuleCheck.Number(step.ReferenceLoss)} " +
              $"(relative difference {LayerTable.Number(step.RelativeDifference)}, tolerance {LayerTable.Number(tolerance)}). Curves and step losses: `{CurvesFile}`.");
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        IssueMarkdown.AppendScriptRun(md, $"runs: {command}");
        md.AppendLine();
        IssueMarkdown.AppendEnvironment(md, environment);
        return md.ToString();
    }
}
