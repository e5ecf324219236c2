using System.Text;
using System.Text.Json.Nodes;

namespace BindingConformance.Repro;

/// <summary>The parts every <c>ISSUE.md</c> draft shares (forward and training bundles): one renderer, one wording.</summary>
public static class IssueMarkdown
{
    /// <summary>The shell block that runs the bundle's script with the conformance CLI; <paramref name="comment"/> follows the script call.</summary>
    public static void AppendScriptRun(StringBuilder md, string comment)
    {
        md.AppendLine("```sh");
        md.AppendLine($"export {ReproBundle.CliVariable}='dotnet run --project /path/to/BindingConformance/src/Cli -c Release --'");
        md.AppendLine($"./{ReproBundle.ScriptFile}   # {comment}");
        md.AppendLine("```");
    }

    /// <summary>
    /// The script block, the <c>conformance compare</c> line it runs, what that prints (when known), and for a simulated
    /// bug how to check the fault is gone.
    /// </summary>
    public static void AppendComparison(StringBuilder md, string compareLine, string? prints, string? mutant, string target)
    {
        AppendScriptRun(md, "exit 1 while the fault is there, 0 once it is gone");
        md.AppendLine();
        md.AppendLine("which runs");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(compareLine);
        md.AppendLine("```");
        if (prints is not null)
        {
            md.AppendLine();
            md.AppendLine("and prints");
            md.AppendLine();
            md.AppendLine("```");
            md.AppendLine(prints);
            md.AppendLine("```");
        }
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"Without `--mutant {mutant}` the same command runs the real {target} and passes.");
        }
    }

    /// <summary>The <c>## Environment</c> section: the machine and every binding's version, framework and language.</summary>
    public static void AppendEnvironment(StringBuilder md, JsonObject environment)
    {
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in environment["machine"]!.AsObject()) md.AppendLine($"| {key} | {value} |");
        foreach (var (id, binding) in environment["bindings"]!.AsObject())
            md.AppendLine($"| {id} | {binding!["version"]} ({binding["framework"]}, {binding["language"]}) |");
    }
}
