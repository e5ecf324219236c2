using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// Writes a repro bundle for one <see cref="ReproCase"/> (layout in <see cref="ReproBundle"/> and docs/repro.md): runs the
/// batch through both bindings, copies the model file under a fixed name, and writes the bundle whole
/// (<see cref="BundleFolder"/>), its case as data (<see cref="BundleManifest"/>).
/// </summary>
public sealed class ReproBundleWriter(VerdictRules rules)
{
    /// <summary>The bundle's folder of the model file.</summary>
    public const string ModelFolder = "model";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The comparison the bundle records; its folder holds everything <c>conformance reproduce</c> needs.</summary>
    /// <param name="environment">Both environments (<see cref="ReproEnvironment.Describe"/>).</param>
    public async Task<ForwardComparison> WriteAsync(ReproCase c, ModelSpec spec, InputBatch batch, IBindingOracle reference, IBindingOracle target,
        JsonObject environment, string directory, CancellationToken cancellationToken)
    {
        var expected = await ForwardComparison.ActivationsAsync(reference, spec, c.Format, c.File, batch, c.Device, null, cancellationToken);
        var actual = await ForwardComparison.ActivationsAsync(target, spec, c.Format, c.File, batch, c.Device, c.Backend, cancellationToken);
        // Named by the file's name in the bundle, so the bundle's verdict is the line `reproduce` prints.
        var comparison = ForwardComparison.Judge(expected, Origin(c with { File = ModelFileNames.For(c.Format) }), actual, batch, spec.Classes, rules);

        BundleFolder.Write(directory, bundle =>
        {
            // The model's name in the bundle is fixed by its format: a file name from a report never becomes a path or a word of a command.
            var model = $"{ModelFolder}/{ModelFileNames.For(c.Format)}";
            AtomicFile.Copy(c.File, BundleFiles.Inside(bundle, model));
            batch.Write(Path.Combine(bundle, ReproBundle.InputsFile));
            AtomicFile.Write(Path.Combine(bundle, ReproBundle.ExpectedFile), s => SafetensorsWriter.Write(s, expected));
            AtomicFile.Write(Path.Combine(bundle, ReproBundle.ActualFile), s => SafetensorsWriter.Write(s, actual));
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.LayersFile), comparison.Table.Summary + "\n\n" + comparison.Table.Format());
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.LayersJsonFile), comparison.Table.ToJson().ToJsonString(Indented) + "\n");
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.VerdictFile), comparison.Line(c) + "\n");
            var read = Directory.Exists(BundleFiles.Inside(bundle, model)) ? BundleFiles.FilesUnder(bundle, BundleFiles.Inside(bundle, model)).ToArray() : [model];
            BundleManifest.Write(bundle, BundleManifest.Forward, c.Cell, CaseJson(c, model), [.. read, ReproBundle.InputsFile]);
            WriteScript(bundle);
            AtomicFile.WriteAllText(Path.Combine(bundle, ReproBundle.IssueFile),
                IssueDraft.Render(c, comparison, environment, CompareLine(c, model), BundleTrust.CodeFiles(bundle, model, c.Format)));
        });
        return comparison;
    }

    /// <summary>Where the expected outputs come from, for the verdict: <c>mybinding's forward pass of model.safetensors</c>.</summary>
    public static string Origin(ReproCase c) => $"{c.Reference}'s forward pass of {Path.GetFileName(c.File)}{(c.Backend is null ? "" : " on its default backend")}";

    /// <summary>The forward case as the bundle's manifest holds it: <see cref="ReproCase"/>'s fields, the model and batch by bundle path.</summary>
    public static JsonObject CaseJson(ReproCase c, string modelPath) => new()
    {
        ["model"] = c.Model,
        ["format"] = c.Format.WireName(),
        ["file"] = modelPath,
        ["inputs"] = ReproBundle.InputsFile,
        ["device"] = c.Device,
        ["reference"] = c.Reference,
        ["target"] = c.Target,
        ["mutant"] = c.Mutant,
        ["backend"] = c.Backend,
    };

    /// <summary>The <c>conformance compare</c> words of the bundle's comparison, paths relative to the bundle folder.</summary>
    public static IReadOnlyList<string> CompareWords(ReproCase c, string modelPath) =>
    [
        "conformance", "compare", "--model", c.Model, "--format", c.Format.WireName(), "--file", modelPath, "--inputs", ReproBundle.InputsFile,
        "--bindings", $"{c.Reference},{c.Target}", "--device", c.Device,
        .. c.Backend is null ? Array.Empty<string>() : ["--backend", c.Backend],
        .. c.Mutant is null ? Array.Empty<string>() : ["--mutant", c.Mutant],
    ];

    /// <summary>The <c>conformance compare</c> line of the bundle, for people: paths relative to the bundle folder, every word quoted as it needs.</summary>
    public static string CompareLine(ReproCase c, string modelPath) => ShellWords.Join(CompareWords(c, modelPath));

    /// <summary>
    /// Writes the bundle's executable <c>reproduce.sh</c>: the same text for every bundle, since the case is data in
    /// <c>case.json</c>, read and checked by <c>conformance reproduce</c>; nothing from a report reaches the script.
    /// </summary>
    public static void WriteScript(string directory)
    {
        var script = Path.Combine(directory, ReproBundle.ScriptFile);
        AtomicFile.WriteAllText(script, Script);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>The text of every bundle's <c>reproduce.sh</c>.</summary>
    public const string Script = $$"""
        #!/usr/bin/env bash
        # Reproduces the cell this bundle records in {{ReproBundle.CaseFile}}, which is data: `conformance reproduce` checks the
        # bundle's files against their checksums there and runs the comparison itself; nothing from it is run as a command.
        # Exit 1 while the fault is there, 0 once it is gone, 2 when the bundle or the set-up is wrong.
        # ${{ReproBundle.CliVariable}} is the conformance command line (docs/repro.md), e.g.
        #   export {{ReproBundle.CliVariable}}='dotnet run --project /path/to/BindingConformance/src/Cli -c Release --'
        set -euo pipefail
        cd "$(dirname "${BASH_SOURCE[0]}")"
        if [ -z "${{{ReproBundle.CliVariable}}:-}" ]; then
          echo "error: set {{ReproBundle.CliVariable}} to the conformance command line, e.g. 'dotnet run --project /path/to/BindingConformance/src/Cli -c Release --' (docs/repro.md)" >&2
          exit 2
        fi
        # Word splitting of the variable is intended: it is a command line.
        exec ${{ReproBundle.CliVariable}} reproduce .

        """;
}
