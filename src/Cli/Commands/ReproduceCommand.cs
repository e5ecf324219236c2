using BindingConformance.Cells;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Repro;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance reproduce DIR</c>: re-runs a repro bundle from its case as data (<c>case.json</c>,
/// <see cref="BundleManifest"/>), never from a script: every file it reads must match its checksum and lie inside the
/// bundle, and every value goes to the comparison as one argument, checked there like a user's. The first line names
/// the cell and warns when the bundle holds TorchScript or ONNX (docs/trust-model.md). Exit 0 when the cell's check
/// passes, 1 while it fails, 2 for a bundle that is not sound, 130 on Ctrl-C.
/// </summary>
public sealed class ReproduceCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public ReproduceCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "reproduce";

    public string Usage => "reproduce DIR";

    public string Summary => "re-run a repro bundle from its case.json (files checked against their checksums; nothing in it is run as a command)";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Positional is not [var given]) throw new UsageException($"give one bundle folder: {Usage}");
        args.EnsureAllUsed();
        if (given.Length == 0) throw new UsageException("the bundle folder is empty; give a path");
        var directory = Path.GetFullPath(given);
        if (!Directory.Exists(directory)) throw new UsageException($"no bundle folder at {directory}");

        try
        {
            var manifest = BundleManifest.Read(directory);
            return manifest.Kind switch
            {
                BundleManifest.Forward => await ForwardAsync(manifest, directory, stdout, stderr, cancellationToken),
                BundleManifest.Probe => await ProbeAsync(manifest, directory, stdout, stderr, cancellationToken),
                _ => await TrainingAsync(manifest, directory, stdout, stderr, cancellationToken),
            };
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new UsageException($"{directory} is not a sound repro bundle: {e.Message}");
        }
    }

    /// <summary>The model file run by both bindings on the bundle's batch: <c>conformance compare</c>.</summary>
    private Task<int> ForwardAsync(BundleManifest manifest, string directory, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var format = ModelFormatNames.FromWireName(manifest.Required("format"));
        var model = manifest.Required("file");
        var file = format == ModelFormat.TfjsLayers ? manifest.ListedFolder(directory, model) : manifest.ListedFile(directory, model);
        var inputs = manifest.ListedFile(directory, manifest.Required("inputs"));
        stdout.WriteLine(FirstLine(manifest, directory, BundleTrust.CodeFiles(directory, model, format)));
        string[] words =
        [
            Word("model", manifest.Required("model")), Word("format", format.WireName()), Word("file", file), Word("inputs", inputs),
            Word("bindings", $"{manifest.Required("reference")},{manifest.Required("target")}"), Word("device", manifest.Required("device")),
            .. Optional("backend", manifest.Field("backend")), .. Optional("mutant", manifest.Field("mutant")),
        ];
        return new CompareCommand(createRegistry).RunAsync(new CommandArgs(words), stdout, stderr, cancellationToken);
    }

    /// <summary>The probe's mode against eager or the capturer: <c>conformance compare --probe</c>, held to the bundle's approved behaviour.</summary>
    private Task<int> ProbeAsync(BundleManifest manifest, string directory, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var kindName = manifest.Required("kind");
        var (probe, mode, target) = (manifest.Required("probe"), manifest.Required("mode"), manifest.Required("target"));
        var probeKinds = CellKinds.All.Where(k => k.Bundles is ProbeBundles).ToArray();
        var kind = probeKinds.FirstOrDefault(k => k.Name == kindName)
                   ?? throw new InvalidDataException($"the case's kind '{BundleFiles.Printable(kindName)}' is not {string.Join(" or ", probeKinds.Select(k => k.Name))}");
        List<string> words = [Word("probe", probe), Word("mode", mode), Word("device", manifest.Required("device")), .. Optional("mutant", manifest.Field("mutant"))];
        if (kind.Reference == ReferenceRole.Eager)
        {
            // compare reads only this file of the folder (and may write the received one beside it): it must be listed and checked.
            var approved = manifest.Required("approved");
            manifest.ListedFile(directory, $"{approved}/{HazardCells.SnapshotSuite}/{HazardCells.SnapshotName(PathSafe(probe), BindingId(target), PathSafe(mode))}.approved.json");
            words.AddRange([Word("bindings", target), Word("approved", Path.GetRelativePath(Environment.CurrentDirectory, BundleFiles.Folder(directory, approved)))]);
        }
        else words.Add(Word("bindings", $"{manifest.Required("reference")},{target}"));
        stdout.WriteLine(FirstLine(manifest, directory, BundleTrust.CodeFiles(directory)) + " (the probe is captured again; the bundle's captures are not loaded)");
        return new CompareCommand(createRegistry).RunAsync(new CommandArgs(words), stdout, stderr, cancellationToken);
    }

    /// <summary>
    /// Trains again (<c>conformance run</c>, or <c>sensitivity</c> for a simulated bug) into a scratch folder and reads the
    /// cell from that run's report: exit 1 with its line while it fails, 0 once it passes, the run's own code when it broke.
    /// </summary>
    private async Task<int> TrainingAsync(BundleManifest manifest, string directory, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var c = TrainingReproCase.From(manifest);
        if (!ModelZoo.Names.Contains(c.Model)) throw new InvalidDataException($"unknown model '{BundleFiles.Printable(c.Model)}'");
        if (!Device.All.Contains(c.Device)) throw new InvalidDataException($"unknown device '{BundleFiles.Printable(c.Device)}'");
        foreach (var id in new[] { c.Binding, c.Reference }.OfType<string>()) BindingId(id);
        if (c.Mutant is not null) MutantCatalog.Get(c.Mutant);
        if (!c.SeedsAreConsecutive || c.Seeds[0] < 0) throw new InvalidDataException($"the seeds [{string.Join(", ", c.Seeds)}] are not consecutive from 0 or more");
        stdout.WriteLine(FirstLine(manifest, directory, BundleTrust.CodeFiles(directory)) + " (trains again: minutes)");

        var scratch = Directory.CreateTempSubdirectory("conformance-reproduce-").FullName;
        try
        {
            ICommand command = c.Mutant is null ? new RunCommand(createRegistry) : new SensitivityCommand(createRegistry);
            var words = c.Words.Skip(1).ToList();
            words.Add($"--out={scratch}");
            var exit = await command.RunAsync(new CommandArgs(Arguments(words)), TextWriter.Null, stderr, cancellationToken);
            var cell = Directory.EnumerateFiles(scratch, "report.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .SelectMany(r => RunReportReader.Read(r).Cells).FirstOrDefault(x => x.Name == manifest.Cell);
            if (cell is null)
            {
                if (exit > 1) return exit;
                throw new UsageException($"the run gave no cell {BundleFiles.Printable(manifest.Cell)}; the bundle's case does not describe a cell of this product");
            }
            // A cell that could not run here (an absent binding or device) reproduces nothing either way.
            if (cell.Outcome == CellOutcome.Skipped) throw new UsageException($"cannot reproduce {cell.Name} here: {cell.Reason}");
            stdout.WriteLine(cell.Outcome == CellOutcome.Failed ? $"FAIL {cell.Name}: {cell.Reason}" : $"PASS {cell.Name}");
            return cell.Outcome == CellOutcome.Failed ? 1 : 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary><c>reproducing NAME (KIND) from DIR</c>, and the trust warning of a bundle that holds code.</summary>
    private static string FirstLine(BundleManifest manifest, string directory, IReadOnlyList<string> codeFiles) =>
        $"reproducing {BundleFiles.Printable(manifest.Cell)} ({manifest.Kind} bundle, {directory})" +
        (BundleTrust.Warning(codeFiles) is { } warning ? $"; warning: {warning}" : "");

    /// <summary>One option as one argument (<c>--name=value</c>), so a value can never be read as another option.</summary>
    private static string Word(string name, string value) => $"--{name}={value}";

    private static IEnumerable<string> Optional(string name, string? value) => value is null ? [] : [Word(name, value)];

    /// <summary><see cref="TrainingReproCase.Words"/> (<c>--name value</c> pairs) as <c>--name=value</c> arguments.</summary>
    private static IEnumerable<string> Arguments(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
            yield return i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal) ? $"{words[i]}={words[++i]}" : words[i];
    }

    private static string PathSafe(string name) => PathSafeName.Check(name, "name in the bundle's case");

    /// <summary>A binding id of the bundle's case: a path-safe name, or a released version of one (<c>mybinding@2.1.0</c>).</summary>
    private static string BindingId(string id) => PathSafeName.CheckBindingId(id);
}
