using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// Writes a repro bundle for one <see cref="ReproCase"/> (layout in <see cref="ReproBundle"/> and docs/repro.md): runs the
/// batch through both bindings, copies the model file, and writes every file atomically so that a bundle is never torn.
/// </summary>
public sealed class ReproBundleWriter(VerdictRules rules)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Where a bundle keeps the spec file of a model of the user's own, relative to the bundle.</summary>
    public const string SpecPath = "model/spec.json";

    /// <summary>The comparison the bundle records; its folder holds everything <c>reproduce.sh</c> needs.</summary>
    /// <param name="environment">Both environments (<see cref="ReproEnvironment.Describe"/>).</param>
    public async Task<ForwardComparison> WriteAsync(ReproCase c, ModelSpec spec, InputBatch batch, IBindingOracle reference, IBindingOracle target,
        JsonObject environment, string directory, CancellationToken cancellationToken)
    {
        var expected = await ForwardComparison.ActivationsAsync(reference, spec, c.Format, c.File, batch, c.Device, null, cancellationToken);
        var actual = await ForwardComparison.ActivationsAsync(target, spec, c.Format, c.File, batch, c.Device, c.Backend, cancellationToken);
        var comparison = ForwardComparison.Judge(expected, Origin(c), actual, batch, spec.Classes, rules);

        Directory.CreateDirectory(directory);
        var model = Path.Combine("model", Path.GetFileName(c.File));
        Copy(c.File, Path.Combine(directory, model));
        if (c.SpecFile is { } specFile) AtomicFile.WriteAllBytes(Path.Combine(directory, SpecPath), File.ReadAllBytes(specFile));
        batch.Write(Path.Combine(directory, ReproBundle.InputsFile));
        AtomicFile.Write(Path.Combine(directory, ReproBundle.ExpectedFile), s => SafetensorsWriter.Write(s, expected));
        AtomicFile.Write(Path.Combine(directory, ReproBundle.ActualFile), s => SafetensorsWriter.Write(s, actual));
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.LayersFile), comparison.Table.Summary + "\n\n" + comparison.Table.Format());
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.LayersJsonFile), comparison.Table.ToJson().ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.EnvironmentFile), environment.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.CaseFile), c.ToJson().ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.VerdictFile), comparison.Line(c) + "\n");
        WriteScript(directory, CompareScript(c.Cell, c.Title, CompareLine(c, model)));
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.IssueFile), IssueDraft.Render(c, comparison, environment, CompareLine(c, model)));
        return comparison;
    }

    /// <summary>Where the expected outputs come from, for the verdict: <c>pytorch-python's forward pass of model.safetensors</c>.</summary>
    public static string Origin(ReproCase c) => $"{c.Reference}'s forward pass of {Path.GetFileName(c.File)}{(c.Backend is null ? "" : " on its default backend")}";

    /// <summary>The <c>conformance compare</c> line of the bundle, paths relative to the bundle folder.</summary>
    public static string CompareLine(ReproCase c, string modelPath) =>
        $"conformance compare {(c.SpecFile is null ? $"--model {c.Model}" : $"--model-spec {SpecPath}")} --format {c.Format.WireName()} --file {modelPath} --inputs {ReproBundle.InputsFile} " +
        $"--bindings {c.Reference},{c.Target} --device {c.Device}{(c.Backend is null ? "" : $" --backend {c.Backend}")}{(c.Mutant is null ? "" : $" --mutant {c.Mutant}")}";

    /// <summary>Writes <paramref name="text"/> as the bundle's executable <c>reproduce.sh</c>.</summary>
    public static void WriteScript(string directory, string text)
    {
        var script = Path.Combine(directory, ReproBundle.ScriptFile);
        AtomicFile.WriteAllText(script, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>A <c>reproduce.sh</c> that runs <paramref name="compareLine"/> (a <c>conformance compare</c> line) from the bundle folder.</summary>
    public static string CompareScript(string cell, string title, string compareLine) => $$"""
        #!/usr/bin/env bash
        # Reproduces {{cell}}
        # by {{title}}: exit 1 with the line in {{ReproBundle.VerdictFile}} while the fault is there, 0 once it is gone.
        # ${{ReproBundle.CliVariable}} is the conformance command line (docs/repro.md), e.g.
        #   export {{ReproBundle.CliVariable}}='dotnet run --project /path/to/BindingConformance/src/Cli -c Release --'
        set -euo pipefail
        cd "$(dirname "${BASH_SOURCE[0]}")"
        if [ -z "${{{ReproBundle.CliVariable}}:-}" ]; then
          echo "error: set {{ReproBundle.CliVariable}} to the conformance command line, e.g. 'dotnet run --project /path/to/BindingConformance/src/Cli -c Release --' (docs/repro.md)" >&2
          exit 2
        fi
        # Word splitting of the variable is intended: it is a command line.
        exec ${{ReproBundle.CliVariable}} {{compareLine["conformance ".Length..]}}

        """;

    /// <summary>A model file, or a model folder (TensorFlow.js layers) file by file, each written atomically.</summary>
    public static void Copy(string source, string target)
    {
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
                Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, stream =>
        {
            using var input = File.OpenRead(source);
            input.CopyTo(stream);
        });
    }
}
