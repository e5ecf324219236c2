using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using BindingConformance.IO;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// Writes the repro bundle of a failed execution-mode cell (docs/repro.md): the probe's captures, its cases, expected and
/// actual outputs per case, diagnostics, the approved and received behaviour, both environments, <c>reproduce.sh</c>
/// (<c>conformance compare --probe</c>) and <c>ISSUE.md</c>. Every file is written atomically.
/// </summary>
public static class ProbeBundleWriter
{
    public const string CapturesFolder = "captures";
    public const string CasesFile = "cases.safetensors";
    public const string DiagnosticsFile = "diagnostics.txt";

    /// <summary>The folder, inside the bundle, holding the approved behaviour as <c>conformance compare --approved</c> reads it.</summary>
    public const string ApprovedFolder = "approved";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="artifactDirectory">Where the run's captures of the probe lie (<c>OUT/probe-artifacts/&lt;device&gt;</c>).</param>
    /// <param name="approvedDirectory">The run's approved folder, holding <c>hybridization/&lt;name&gt;.approved.json</c> (and the received file).</param>
    public static void Write(ProbeReproCase c, ProbeComparison comparison, string artifactDirectory, string approvedDirectory, JsonObject environment, string directory)
    {
        var probe = HazardProbes.Get(c.Probe);
        Directory.CreateDirectory(directory);
        if (Directory.Exists(artifactDirectory))
            foreach (var file in Directory.EnumerateFiles(artifactDirectory, $"{c.Probe}.*"))
                ReproBundleWriter.Copy(file, Path.Combine(directory, CapturesFolder, Path.GetFileName(file)));
        AtomicFile.Write(Path.Combine(directory, CasesFile), s => SafetensorsWriter.Write(s, probe.Cases));
        AtomicFile.Write(Path.Combine(directory, ReproBundle.ExpectedFile), s => SafetensorsWriter.Write(s, comparison.Expected?.Outputs ?? []));
        AtomicFile.Write(Path.Combine(directory, ReproBundle.ActualFile), s => SafetensorsWriter.Write(s, comparison.Actual?.Outputs ?? []));
        AtomicFile.WriteAllText(Path.Combine(directory, DiagnosticsFile),
            Diagnostics($"{c.Reference} {CellReferences.ExpectedMode(c.Kind, c.Mode)}", comparison.Expected) + "\n" + Diagnostics($"{c.Target} {c.Mode}", comparison.Actual));
        if (c.AgainstEager)
        {
            var name = HazardCells.SnapshotName(c.Probe, c.Target, c.Mode);
            foreach (var suffix in new[] { ".approved.json", ".received.json" })
            {
                var source = Path.Combine(approvedDirectory, HazardCells.SnapshotSuite, name + suffix);
                if (File.Exists(source)) ReproBundleWriter.Copy(source, Path.Combine(directory, ApprovedFolder, HazardCells.SnapshotSuite, name + suffix));
            }
        }
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.CaseFile), c.ToJson().ToJsonString(Indented) + "\n");
        var line = comparison.Line(approvedDirectory, ApprovedFolder);
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.VerdictFile), line + "\n");
        ReproBundleWriter.WriteScript(directory, ReproBundleWriter.CompareScript(c.Cell, c.Title, CompareLine(c)));
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.IssueFile), Issue(c, probe, line, environment));
    }

    /// <summary>The <c>conformance compare</c> line of the bundle, paths relative to the bundle folder.</summary>
    public static string CompareLine(ProbeReproCase c) =>
        $"conformance compare --probe {c.Probe} --mode {c.Mode} --bindings {c.Bindings} --device {c.Device}" +
        (c.AgainstEager ? $" --approved {ApprovedFolder}" : "") + (c.Mutant is null ? "" : $" --mutant {c.Mutant}");

    private static string Diagnostics(string who, ProbeRunResult? result)
    {
        var text = new StringBuilder($"# {who}\n");
        if (result is null) return text.Append("no result: the binding failed to run the probe (see verdict.txt)\n").ToString();
        if (result.Incompatible is { } why) text.Append($"incompatible: {why}\n");
        if (result.SideEffects is { } effects) text.Append($"side effects: {effects}\n");
        foreach (var line in result.Diagnostics) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string Issue(ProbeReproCase c, HazardProbe probe, string line, JsonObject environment)
    {
        var mutant = c.Mutant is null ? null : MutantCatalog.Get(c.Mutant);
        var against = c.AgainstEager ? $"its eager run ({c.Reference}) and the approved behaviour" : $"{c.Reference} {CellReferences.ExpectedMode(c.Kind, c.Mode)}";
        var md = new StringBuilder();
        md.AppendLine($"# {c.Target}: probe `{c.Probe}` in {c.Mode} mode differs from {against}");
        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine($"The hazard probe `{c.Probe}` ({probe.Hazard}) run by {c.Target} in {c.Mode} mode on {c.Device} does not behave as " +
                      $"{against}. Found by the conformance cell `{c.Cell}`.");
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant `{c.Mutant}` of `conformance sensitivity`): {mutant.Bug}.");
        }
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(line);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        md.AppendLine($"The bundle holds the probe's captures (`{CapturesFolder}/`), its cases (`{CasesFile}`), each case's output in {c.Reference} " +
                      $"(`{ReproBundle.ExpectedFile}`) and in {c.Target} (`{ReproBundle.ActualFile}`), what the bindings said (`{DiagnosticsFile}`)" +
                      (c.AgainstEager ? $", the approved and received behaviour (`{ApprovedFolder}/`)" : "") +
                      $" and both environments (`{ReproBundle.EnvironmentFile}`). From the bundle folder:");
        md.AppendLine();
        IssueMarkdown.AppendComparison(md, CompareLine(c), null, c.Mutant, c.Target);
        md.AppendLine();
        IssueMarkdown.AppendEnvironment(md, environment);
        return md.ToString();
    }
}
