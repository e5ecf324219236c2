using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using BindingConformance.IO;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// Writes the repro bundle of a failed execution-mode cell (docs/repro.md): the probe's captures, its cases, expected and
/// actual outputs per case, diagnostics, the approved and received behaviour, both environments, <c>reproduce.sh</c>
/// (<c>conformance reproduce</c>, which runs <c>conformance compare --probe</c>) and <c>ISSUE.md</c>; the case as data
/// (<see cref="BundleManifest"/>). The bundle is written whole (<see cref="BundleFolder"/>).
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
    /// <param name="approvedName">The approved file the cell was held to (<see cref="HazardCells.ApprovedName"/>), for a case against eager.</param>
    public static void Write(ProbeReproCase c, ProbeComparison comparison, string artifactDirectory, string approvedDirectory, string approvedName,
        JsonObject environment, string directory)
    {
        var probe = HazardProbes.Get(c.Probe);
        BundleFolder.Write(directory, bundle =>
        {
            if (Directory.Exists(artifactDirectory))
                foreach (var file in Directory.EnumerateFiles(artifactDirectory, $"{c.Probe}.*"))
                    AtomicFile.Copy(file, Path.Combine(bundle, CapturesFolder, Path.GetFileName(file)));
            AtomicFile.Write(Path.Combine(bundle, CasesFile), s => SafetensorsWriter.Write(s, probe.Cases));
            AtomicFile.Write(Path.Combine(bundle, ReproBundle.ExpectedFile), s => SafetensorsWriter.Write(s, comparison.Expected?.Outputs ?? []));
            AtomicFile.Write(Path.Combine(bundle, ReproBundle.ActualFile), s => SafetensorsWriter.Write(s, comparison.Actual?.Outputs ?? []));
            AtomicFile.WriteAllText(Path.Combine(bundle, DiagnosticsFile),
                Diagnostics($"{c.Reference} {CellReferences.ExpectedMode(c.Kind, c.Mode)}", comparison.Expected) + "\n" + Diagnostics($"{c.Target} {c.Mode}", comparison.Actual));
            var approved = new List<string>();
            if (c.AgainstEager)
            {
                var name = HazardCells.SnapshotName(c.Probe, c.Target, c.Mode);
                // A release held to its binding's approved behaviour carries that behaviour under its own name: what the cell was held to.
                foreach (var (from, suffix) in new[] { (approvedName, ".approved.json"), (name, ".received.json") })
                {
                    var source = Path.Combine(approvedDirectory, HazardCells.SnapshotSuite, from + suffix);
                    if (!File.Exists(source)) continue;
                    var relative = $"{ApprovedFolder}/{HazardCells.SnapshotSuite}/{name}{suffix}";
                    AtomicFile.Copy(source, BundleFiles.Inside(bundle, relative));
                    approved.Add(relative);
                }
            }
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
            BundleManifest.Write(bundle, BundleManifest.Probe, c.Cell, CaseJson(c), approved);
            var line = comparison.Line(approvedDirectory, ApprovedFolder);
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.VerdictFile), line + "\n");
            ReproBundleWriter.WriteScript(bundle);
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.IssueFile), Issue(c, probe, line, environment, BundleTrust.CodeFiles(bundle)));
        });
    }

    /// <summary>The probe case as the bundle's manifest holds it; the approved behaviour by bundle path.</summary>
    public static JsonObject CaseJson(ProbeReproCase c) => new()
    {
        ["kind"] = c.Kind.Name,
        ["probe"] = c.Probe,
        ["mode"] = c.Mode,
        ["device"] = c.Device,
        ["reference"] = c.Reference,
        ["target"] = c.Target,
        ["mutant"] = c.Mutant,
        ["approved"] = c.AgainstEager ? ApprovedFolder : null,
    };

    /// <summary>The <c>conformance compare</c> line of the bundle, for people: paths relative to the bundle folder, every word quoted as it needs.</summary>
    public static string CompareLine(ProbeReproCase c) => ShellWords.Join(
    [
        "conformance", "compare", "--probe", c.Probe, "--mode", c.Mode, "--bindings", c.Bindings, "--device", c.Device,
        .. c.AgainstEager ? ["--approved", ApprovedFolder] : Array.Empty<string>(),
        .. c.Mutant is null ? Array.Empty<string>() : ["--mutant", c.Mutant],
    ]);

    private static string Diagnostics(string who, ProbeRunResult? result)
    {
        var text = new StringBuilder($"# {who}\n");
        if (result is null) return text.Append("no result: the binding failed to run the probe (see verdict.txt)\n").ToString();
        if (result.Incompatible is { } why) text.Append($"incompatible: {why}\n");
        if (result.SideEffects is { } effects) text.Append($"side effects: {effects}\n");
        foreach (var line in result.Diagnostics) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string Issue(ProbeReproCase c, HazardProbe probe, string line, JsonObject environment, IReadOnlyList<string> codeFiles)
    {
        var mutant = c.Mutant is null ? null : MutantCatalog.Get(c.Mutant);
        var (target, reference) = (MarkdownText.Code(c.Target), MarkdownText.Code(c.Reference));
        var against = c.AgainstEager ? $"its eager run ({reference}) and the approved behaviour" : $"{reference} {CellReferences.ExpectedMode(c.Kind, c.Mode)}";
        var md = new StringBuilder();
        md.AppendLine($"# {target}: probe {MarkdownText.Code(c.Probe)} in {MarkdownText.Code(c.Mode)} mode differs from {against}");
        md.AppendLine();
        IssueMarkdown.AppendTrust(md, codeFiles);
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine($"The hazard probe {MarkdownText.Code(c.Probe)} ({MarkdownText.Escape(probe.Hazard)}) run by {target} in {MarkdownText.Code(c.Mode)} mode on " +
                      $"{MarkdownText.Code(c.Device)} does not behave as {against}. Found by the conformance cell {MarkdownText.Code(c.Cell)}.");
        if (mutant is not null)
        {
            md.AppendLine();
            md.AppendLine($"This failure is a simulated bug (mutant {MarkdownText.Code(c.Mutant)} of `conformance sensitivity`): {MarkdownText.Escape(mutant.Bug)}.");
        }
        md.AppendLine();
        md.AppendLine("## Actual");
        md.AppendLine();
        md.Append(MarkdownText.Block(line));
        md.AppendLine();
        md.AppendLine("## Minimal reproduction");
        md.AppendLine();
        md.AppendLine($"The bundle holds the probe's captures (`{CapturesFolder}/`), its cases (`{CasesFile}`), each case's output in {reference} " +
                      $"(`{ReproBundle.ExpectedFile}`) and in {target} (`{ReproBundle.ActualFile}`), what the bindings said (`{DiagnosticsFile}`)" +
                      (c.AgainstEager ? $", the approved and received behaviour (`{ApprovedFolder}/`)" : "") +
                      $" and both environments (`{ReproBundle.EnvironmentFile}`). From the bundle folder:");
        md.AppendLine();
        IssueMarkdown.AppendComparison(md, CompareLine(c), null, c.Mutant, c.Target);
        md.AppendLine();
        IssueMarkdown.AppendEnvironment(md, environment);
        return md.ToString();
    }
}
