using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;

namespace BindingConformance.Repro;

/// <summary>
/// <c>ISSUE.md</c>: a draft report for the tracker of the binding at fault, with summary, expected, actual, first
/// diverging layer, minimal reproduction and both environments, written from what the bundle measured. Names and
/// reasons are data (<see cref="IssueMarkdown"/>). A rebuilt bundle whose comparison now passes says so.
/// </summary>
public static class IssueDraft
{
    /// <param name="compareLine">The comparison as a shell-quoted <c>conformance compare</c> line.</param>
    /// <param name="codeFiles">The bundle's TorchScript and ONNX files (<see cref="BundleTrust"/>).</param>
    public static string Render(ReproCase c, ForwardComparison comparison, JsonObject environment, string compareLine, IReadOnlyList<string> codeFiles)
    {
        var metrics = comparison.Verdict.Metrics;
        var count = metrics["count"]!.GetValue<int>();
        var expectedCorrect = metrics["expected_correct"]!.GetValue<int>();
        var actualCorrect = metrics["correct_per_pass"]![0]!.GetValue<int>();
        var layer = comparison.Table.FirstDiverging;
        var mutant = c.Mutant is null ? null : MutantCatalog.Get(c.Mutant);
        var (target, reference, cell) = (MarkdownText.Code(c.Target), MarkdownText.Code(c.Reference), MarkdownText.Code(c.Cell));
        var file = $"{c.Model} {c.Format.WireName()} file";

        var md = new StringBuilder();
        md.AppendLine(comparison.Passed
            ? $"# {target}: {c.Model} from a {c.Format.WireName()} file agrees with {reference} on this batch"
            : $"# {target}: {c.Model} from a {c.Format.WireName()} file diverges from {reference}" + (layer is null ? "" : $" at layer {MarkdownText.Code(layer)}"));
        md.AppendLine();
        IssueMarkdown.AppendTrust(md, codeFiles);
        md.AppendLine("## Summary");
        md.AppendLine();
        var run = $"{target} ({MarkdownText.Escape(Version(environment, c.Target))}) and {reference} ({MarkdownText.Escape(Version(environment, c.Reference))}) " +
                  $"load the same {file} and run the same {count} test examples in evaluation mode on {c.Device}";
        md.AppendLine(comparison.Passed
            ? $"{run}, and their outputs agree: this comparison does not reproduce the failure of the conformance cell {cell}. The fault is " +
              "outside this forward pass (in training, in evaluation, or on other examples), or it is gone."
            : $"{run}, but their outputs differ: " +
              (layer is null ? "no single layer's deviation jumps above the threshold. " : $"the first layer whose output diverges is {MarkdownText.Code(layer)}. ") +
              $"Found by the conformance cell {cell}.");
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant {MarkdownText.Code(c.Mutant)} of `conformance sensitivity`): {MarkdownText.Escape(mutant.Bug)}." +
                          (mutant.Saved is null ? "" : $" The bug is on save, so {target} runs the file as it would have saved it."));
        }
        md.AppendLine();
        md.AppendLine("## Expected");
        md.AppendLine();
        md.AppendLine($"{target} gives {reference}'s outputs: {expectedCorrect} of {count} examples correct, every logit within " +
                      $"{comparison.Verdict.Checks.First(k => k.Rule == "logits").Bound.TrimStart('≤', ' ')} (the float32 logit rule), every layer's relative deviation " +
                      $"at most {LayerTable.Number(comparison.Table.Threshold)}.");
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.AppendLine($"{actualCorrect} of {count} correct.");
        md.AppendLine();
        md.Append(MarkdownText.Block(comparison.Verdict.Reason ?? "Every rule held."));
        md.AppendLine();
        md.AppendLine("## First diverging layer");
        md.AppendLine();
        md.Append(MarkdownText.Block(comparison.Table.Summary));
        md.AppendLine();
        md.Append(comparison.Table.ToMarkdown());
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        md.AppendLine($"The bundle holds the model file (`{ReproBundleWriter.ModelFolder}/`), the input batch (`{ReproBundle.InputsFile}`: `inputs`, `labels`), each layer's " +
                      $"output in {reference} (`{ReproBundle.ExpectedFile}`) and in {target} (`{ReproBundle.ActualFile}`), the layer table " +
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
