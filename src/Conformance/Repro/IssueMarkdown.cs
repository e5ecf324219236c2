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
