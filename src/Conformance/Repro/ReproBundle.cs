using System.Text.RegularExpressions;
using BindingConformance.Cells;

namespace BindingConformance.Repro;

/// <summary>
/// Where a failing cell's repro bundle lives: <c>OUT/repro/&lt;cell&gt;/</c>, and the files in it (docs/repro.md).
/// </summary>
public static partial class ReproBundle
{
    public const string Folder = "repro";
    public const string CaseFile = "case.json";
    public const string InputsFile = "inputs.safetensors";
    public const string ExpectedFile = "expected.safetensors";
    public const string ActualFile = "actual.safetensors";
    public const string LayersFile = "layers.txt";
    public const string LayersJsonFile = "layers.json";
    public const string EnvironmentFile = "environment.json";
    public const string VerdictFile = "verdict.txt";
    public const string ScriptFile = "reproduce.sh";
    public const string IssueFile = "ISSUE.md";

    /// <summary>Names the CLI that <c>reproduce.sh</c> calls: the command line of <c>conformance</c> (docs/repro.md).</summary>
    public const string CliVariable = "BINDING_CONFORMANCE_CLI";

    /// <summary>
    /// The bundle's folder name: the cell's kind and coordinate values as one file name,
    /// <c>cross-load-LeNet1-mybinding-torchsharp-cpu-safetensors</c>.
    /// </summary>
    public static string DirectoryName(CellKey key) =>
        Unsafe().Replace(string.Join("-", [key.Kind.Name, .. key.Coordinates().Select(c => c.Value)]), "_");

    /// <summary>The bundle's path relative to the run's output folder, as the report links it.</summary>
    public static string RelativePath(CellKey key) => $"{Folder}/{DirectoryName(key)}";

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}
