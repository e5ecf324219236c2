using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Reports;

namespace BindingConformance.Repro;

/// <summary>
/// The parts every <c>ISSUE.md</c> draft shares (forward, probe and training bundles): one renderer, one wording. Every
/// text that comes from a run, a report or a file is data: shown as code (<see cref="MarkdownText.Code"/>,
/// <see cref="MarkdownText.Block"/>) or escaped (<see cref="MarkdownText.Escape"/>), never as Markdown or HTML.
/// </summary>
public static class IssueMarkdown
{
    /// <summary>The warning of a bundle that holds TorchScript or ONNX files (docs/trust-model.md); nothing for a bundle of data.</summary>
    public static void AppendTrust(StringBuilder md, IReadOnlyList<string> codeFiles)
    {
        if (codeFiles.Count == 0) return;
        md.AppendLine($"> **Trust:** this bundle holds TorchScript or ONNX files ({string.Join(", ", codeFiles.Select(MarkdownText.Code))}). " +
                      "Loading a TorchScript archive runs its code, and ONNX Runtime executes an ONNX file's graph: reproduce it only if you " +
                      "trust who made it (docs/trust-model.md).");
        md.AppendLine();
    }

    /// <summary>The shell block that runs the bundle's script with the conformance CLI.</summary>
    public static void AppendScriptRun(StringBuilder md, string comment)
    {
        md.Append(MarkdownText.Block(
            $"export {ReproBundle.CliVariable}='dotnet run --project /path/to/BindingConformance/src/Cli -c Release --'\n" +
            $"./{ReproBundle.ScriptFile}   # {comment}", "sh"));
    }

    /// <summary>
    /// The script block, what <c>conformance reproduce</c> runs (<paramref name="runs"/>, a shell-quoted command line), what
    /// that prints (when known), and for a simulated bug how to check the fault is gone.
    /// </summary>
    public static void AppendComparison(StringBuilder md, string runs, string? prints, string? mutant, string target)
    {
        AppendScriptRun(md, "exit 1 while the fault is there, 0 once it is gone");
        md.AppendLine();
        md.AppendLine($"`{ReproBundle.ScriptFile}` runs `conformance reproduce .`, which checks the bundle's files against the checksums in " +
                      $"`{ReproBundle.CaseFile}` and then runs the same comparison as");
        md.AppendLine();
        md.Append(MarkdownText.Block(runs, "sh"));
        if (prints is not null)
        {
            md.AppendLine();
            md.AppendLine("which prints");
            md.AppendLine();
            md.Append(MarkdownText.Block(prints));
        }
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"Without {MarkdownText.Code($"--mutant {mutant}")} the same command runs the real {MarkdownText.Code(target)} and passes.");
        }
    }

    /// <summary>The <c>## Environment</c> section: the machine and every binding's version, framework, language and engine.</summary>
    public static void AppendEnvironment(StringBuilder md, JsonObject environment)
    {
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in environment["machine"]!.AsObject()) md.AppendLine($"| {MarkdownText.Escape(key)} | {MarkdownText.Escape(value?.ToString())} |");
        foreach (var (id, binding) in environment["bindings"]!.AsObject())
            md.AppendLine($"| {MarkdownText.Escape(id)} | {MarkdownText.Escape($"{binding!["version"]} ({binding["framework"]}, {binding["language"]}{Engine(binding)})")} |");
    }

    private static string Engine(JsonNode binding) =>
        binding["engine"] is { } engine ? $", engine {engine}{(binding["engine_version"] is { } version ? $" {version}" : "")}" : "";
}
