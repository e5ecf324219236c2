using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Mutants;

namespace BindingConformance.Repro;

/// <summary>
/// <c>ISSUE.md</c>: a draft report for the tracker of the binding at fault, with summary, expected, actual, first
/// diverging layer, minimal reproduction and both environments, written from what the bundle measured.
/// </summary>
public static class IssueDraft
{
    public static string Render(ReproCase c, ForwardComparison comparison, JsonObject environment, string compareLine)
    {
        var metrics = comparison.Verdict.Metrics;
        var count = metrics["count"]!.GetValue<int>();
        var expectedCorrect = metrics["expected_correct"]!.GetValue<int>();
        var actualCorrect = metrics["correct_per_pass"]![0]!.GetValue<int>();
        var layer = comparison.Table.FirstDiverging;
        var mutant = c.Mutant is null ? null : MutantCatalog.Get(c.Mutant);

        var md = new StringBuilder();
        md.AppendLine($"# {c.Target}: {c.Model} from a {c.Format.WireName()} file diverges from {c.Reference}" +
                      (layer is null ? "" : $" at layer `{layer}`"));
        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine($"{c.Target} ({Version(environment, c.Target)}) and {c.Reference} ({Version(environment, c.Reference)}) load the same {c.Model} " +
                      $"{c.Format.WireName()} file and run the same {count} test examples in evaluation mode on {c.Device}, but their outputs differ: " +
                      (layer is null ? "no single layer's deviation jumps above the threshold. " : $"the first layer whose output diverges is `{layer}`. ") +
                      $"Found by the conformance cell `{c.Cell}`.");
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant `{c.Mutant}` of `conformance sensitivity`): {mutant.Bug}." +
                          (mutant.Saved is null ? "" : $" The bug is on save, so {c.Target} runs the file as it would have saved it."));
        }
        md.AppendLine();
        md.AppendLine("## Expected");
        md.AppendLine();
        md.AppendLine($"{c.Target} gives {c.Reference}'s outputs: {expectedCorrect} of {count} examples correct, every logit within " +
                      $"{comparison.Verdict.Checks.First(k => k.Rule == "logits").Bound.TrimStart('≤', ' ')} (the float32 logit rule), every layer's relative deviation " +
                      $"at most {LayerTable.Number(comparison.Table.Threshold)}.");
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.AppendLine($"{actualCorrect} of {count} correct. {comparison.Verdict.Reason ?? "Every rule held."}");
        md.AppendLine();
        md.AppendLine("## First diverging layer");
        md.AppendLine();
        md.AppendLine(comparison.Table.Summary + ".");
        md.AppendLine();
        md.Append(comparison.Table.ToMarkdown());
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        md.AppendLine($"The bundle holds the model file (`model/`), the input batch (`{ReproBundle.InputsFile}`: `inputs`, `labels`), each layer's " +
                      $"output in {c.Reference} (`{ReproBundle.ExpectedFile}`) and in {c.Target} (`{ReproBundle.ActualFile}`), the layer table " +
                      $"(`{ReproBundle.LayersFile}`) and both environments (`{ReproBundle.EnvironmentFile}`). From the bundle folder, with the " +
                      "conformance CLI set up as in the project README:");
        md.AppendLine();
        IssueMarkdown.AppendComparison(md, compareLine, comparison.Line(c), c.Mutant, c.Target);
        md.AppendLine();
        IssueMarkdown.AppendEnvironment(md, environment);
        return md.ToString();
    }

    private static string Version(JsonObject environment, string id) => environment["bindings"]?[id]?["version"]?.ToString() ?? "version unknown";
}
